package dev.scheduler.constraint;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.scheduler.system.PageQuery;
import dev.scheduler.system.PageResult;
import dev.scheduler.system.SqlArrays;

/** Constraints (availability rules) in PostgreSQL. */
@Repository
public class AvailabilityRuleRepository {

    private static final String COLUMNS = "id, member_id, resource_id, days, from_time, until_time, reason";

    private final JdbcClient jdbc;

    AvailabilityRuleRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    AvailabilityRule create(ConstraintRequest request) {
        return jdbc.sql("""
                INSERT INTO availability_rule (member_id, resource_id, days, from_time, until_time, reason)
                VALUES (:memberId, :resourceId, CAST(:days AS smallint[]), :from, :until, :reason) RETURNING """ + " " + COLUMNS)
                .param("memberId", request.memberId())
                .param("resourceId", request.resourceId())
                .param("days", dayNumbers(request.days()))
                .param("from", request.from())
                .param("until", request.until())
                .param("reason", request.reason())
                .query(AvailabilityRuleRepository::map).single();
    }

    Optional<AvailabilityRule> update(long id, ConstraintRequest request) {
        return jdbc.sql("""
                UPDATE availability_rule SET member_id = :memberId, resource_id = :resourceId, days = CAST(:days AS smallint[]),
                       from_time = :from, until_time = :until, reason = :reason
                WHERE id = :id RETURNING """ + " " + COLUMNS)
                .param("id", id)
                .param("memberId", request.memberId())
                .param("resourceId", request.resourceId())
                .param("days", dayNumbers(request.days()))
                .param("from", request.from())
                .param("until", request.until())
                .param("reason", request.reason())
                .query(AvailabilityRuleRepository::map).optional();
    }

    Optional<AvailabilityRule> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM availability_rule WHERE id = :id")
                .param("id", id).query(AvailabilityRuleRepository::map).optional();
    }

    PageResult<AvailabilityRule> page(PageQuery query, Long memberId, Long resourceId) {
        String where = " WHERE (CAST(:memberId AS bigint) IS NULL OR member_id = :memberId)"
                + " AND (CAST(:resourceId AS bigint) IS NULL OR resource_id = :resourceId)";
        List<AvailabilityRule> content = jdbc.sql("SELECT " + COLUMNS + " FROM availability_rule" + where
                        + " ORDER BY id LIMIT :limit OFFSET :offset")
                .param("memberId", memberId).param("resourceId", resourceId)
                .param("limit", query.size()).param("offset", query.offset())
                .query(AvailabilityRuleRepository::map).list();
        long total = jdbc.sql("SELECT count(*) FROM availability_rule" + where)
                .param("memberId", memberId).param("resourceId", resourceId)
                .query(Long.class).single();
        return PageResult.of(content, query, total);
    }

    boolean delete(long id) {
        return jdbc.sql("DELETE FROM availability_rule WHERE id = :id").param("id", id).update() > 0;
    }

    /** Every rule about any of these members or resources. */
    public List<AvailabilityRule> forAny(Collection<Long> memberIds, Collection<Long> resourceIds) {
        if (memberIds.isEmpty() && resourceIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM availability_rule"
                        + " WHERE member_id = ANY(CAST(:members AS bigint[]))"
                        + " OR resource_id = ANY(CAST(:resources AS bigint[])) ORDER BY id")
                .param("members", SqlArrays.of(memberIds))
                .param("resources", SqlArrays.of(resourceIds))
                .query(AvailabilityRuleRepository::map).list();
    }

    private static String dayNumbers(Collection<DayOfWeek> days) {
        return SqlArrays.of(days.stream().distinct().sorted().map(DayOfWeek::getValue).toList());
    }

    private static AvailabilityRule map(ResultSet rs, int row) throws SQLException {
        Array array = rs.getArray("days");
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (Object day : (Object[]) array.getArray()) {
            days.add(DayOfWeek.of(((Number) day).intValue()));
        }
        return new AvailabilityRule(rs.getLong("id"),
                rs.getObject("member_id", Long.class),
                rs.getObject("resource_id", Long.class),
                days,
                rs.getObject("from_time", LocalTime.class),
                rs.getObject("until_time", LocalTime.class),
                rs.getString("reason"));
    }
}
