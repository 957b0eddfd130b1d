package dev.scheduler.event;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.scheduler.event.ConflictReport.ConflictingEvent;
import dev.scheduler.system.PageQuery;
import dev.scheduler.system.PageResult;
import dev.scheduler.system.SqlArrays;

/** Events with their participants and resources in PostgreSQL. */
@Repository
public class EventRepository {

    private static final String COLUMNS = """
            SELECT e.id, e.title, e.starts_at, e.ends_at, e.location, e.request_id,
                   ARRAY(SELECT p.member_id FROM event_participant p WHERE p.event_id = e.id ORDER BY 1) AS member_ids,
                   ARRAY(SELECT r.resource_id FROM event_resource r WHERE r.event_id = e.id ORDER BY 1) AS resource_ids
            """;
    private static final String SELECT = COLUMNS + " FROM event e";

    private final JdbcClient jdbc;

    EventRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Inserts the event and its bookings in one statement, so in one round trip and atomically
     * without a transaction around it; the exclusion constraints reject a double booking.
     */
    Event insert(EventDraft draft, UUID requestId) {
        long id = jdbc.sql("""
                WITH e AS (
                    INSERT INTO event (title, starts_at, ends_at, location, request_id)
                    VALUES (:title, :start, :end, :location, :requestId) RETURNING id),
                p AS (
                    INSERT INTO event_participant (event_id, member_id, during)
                    SELECT e.id, m, tstzrange(:start, :end) FROM e, unnest(CAST(:members AS bigint[])) AS m),
                r AS (
                    INSERT INTO event_resource (event_id, resource_id, during)
                    SELECT e.id, r, tstzrange(:start, :end) FROM e, unnest(CAST(:resources AS bigint[])) AS r)
                SELECT id FROM e""")
                .param("title", draft.title())
                .param("start", utc(draft.start()))
                .param("end", utc(draft.end()))
                .param("location", draft.location())
                .param("requestId", requestId)
                .param("members", SqlArrays.of(draft.memberIds()))
                .param("resources", SqlArrays.of(draft.resourceIds()))
                .query(Long.class).single();
        return new Event(id, draft.title(), utc(draft.start()), utc(draft.end()), draft.location(),
                List.copyOf(draft.memberIds()), List.copyOf(draft.resourceIds()), requestId);
    }

    boolean update(long id, EventDraft draft) {
        int rows = jdbc.sql("""
                UPDATE event SET title = :title, starts_at = :start, ends_at = :end, location = :location
                WHERE id = :id""")
                .param("id", id)
                .param("title", draft.title())
                .param("start", utc(draft.start()))
                .param("end", utc(draft.end()))
                .param("location", draft.location())
                .update();
        if (rows == 0) {
            return false;
        }
        jdbc.sql("DELETE FROM event_participant WHERE event_id = :id").param("id", id).update();
        jdbc.sql("DELETE FROM event_resource WHERE event_id = :id").param("id", id).update();
        book(id, draft);
        return true;
    }

    private void book(long id, EventDraft draft) {
        jdbc.sql("""
                INSERT INTO event_participant (event_id, member_id, during)
                SELECT :id, m, tstzrange(:start, :end) FROM unnest(CAST(:members AS bigint[])) AS m""")
                .param("id", id).param("start", utc(draft.start())).param("end", utc(draft.end()))
                .param("members", SqlArrays.of(draft.memberIds()))
                .update();
        jdbc.sql("""
                INSERT INTO event_resource (event_id, resource_id, during)
                SELECT :id, r, tstzrange(:start, :end) FROM unnest(CAST(:resources AS bigint[])) AS r""")
                .param("id", id).param("start", utc(draft.start())).param("end", utc(draft.end()))
                .param("resources", SqlArrays.of(draft.resourceIds()))
                .update();
    }

    public Optional<Event> find(long id) {
        return jdbc.sql(SELECT + " WHERE e.id = :id").param("id", id).query(EventRepository::map).optional();
    }

    public Optional<Event> findByRequest(UUID requestId) {
        return jdbc.sql(SELECT + " WHERE e.request_id = :requestId")
                .param("requestId", requestId).query(EventRepository::map).optional();
    }

    public boolean exists(long id) {
        return jdbc.sql("SELECT count(*) FROM event WHERE id = :id").param("id", id).query(Long.class).single() > 0;
    }

    PageResult<Event> page(PageQuery query, Instant from, Instant to, Long memberId, Long resourceId) {
        String where = """
                 WHERE (CAST(:from AS timestamptz) IS NULL OR e.ends_at > :from)
                   AND (CAST(:to AS timestamptz) IS NULL OR e.starts_at < :to)
                   AND (CAST(:memberId AS bigint) IS NULL OR EXISTS
                        (SELECT 1 FROM event_participant p WHERE p.event_id = e.id AND p.member_id = :memberId))
                   AND (CAST(:resourceId AS bigint) IS NULL OR EXISTS
                        (SELECT 1 FROM event_resource r WHERE r.event_id = e.id AND r.resource_id = :resourceId))
                """;
        // The page is cut first, so participants and resources are looked up for its rows only,
        // not for every row the offset skips.
        List<Event> content = jdbc.sql(COLUMNS + " FROM (SELECT * FROM event e" + where
                        + " ORDER BY e.starts_at, e.id LIMIT :limit OFFSET :offset) e ORDER BY e.starts_at, e.id")
                .param("from", utc(from)).param("to", utc(to))
                .param("memberId", memberId).param("resourceId", resourceId)
                .param("limit", query.size()).param("offset", query.offset())
                .query(EventRepository::map).list();
        long total = jdbc.sql("SELECT count(*) FROM event e" + where)
                .param("from", utc(from)).param("to", utc(to))
                .param("memberId", memberId).param("resourceId", resourceId)
                .query(Long.class).single();
        return PageResult.of(content, query, total);
    }

    boolean delete(long id) {
        return jdbc.sql("DELETE FROM event WHERE id = :id").param("id", id).update() > 0;
    }

    /** Events other than {@code excludeId} overlapping {@code [start, end)} that share a member or a resource. */
    List<ConflictingEvent> overlapping(Instant start, Instant end, Collection<Long> memberIds,
            Collection<Long> resourceIds, long excludeId) {
        return jdbc.sql("""
                SELECT e.id, e.title, e.starts_at, e.ends_at,
                       ARRAY(SELECT p.member_id FROM event_participant p WHERE p.event_id = e.id
                             AND p.member_id = ANY(CAST(:members AS bigint[])) ORDER BY 1) AS member_ids,
                       ARRAY(SELECT r.resource_id FROM event_resource r WHERE r.event_id = e.id
                             AND r.resource_id = ANY(CAST(:resources AS bigint[])) ORDER BY 1) AS resource_ids
                FROM event e
                WHERE e.id IN (SELECT event_id FROM event_participant
                               WHERE member_id = ANY(CAST(:members AS bigint[])) AND during && tstzrange(:start, :end)
                               UNION
                               SELECT event_id FROM event_resource
                               WHERE resource_id = ANY(CAST(:resources AS bigint[])) AND during && tstzrange(:start, :end))
                  AND e.id <> :exclude
                ORDER BY e.starts_at, e.id""")
                .param("members", SqlArrays.of(memberIds)).param("resources", SqlArrays.of(resourceIds))
                .param("start", utc(start)).param("end", utc(end)).param("exclude", excludeId)
                .query((rs, row) -> new ConflictingEvent(rs.getLong("id"), rs.getString("title"),
                        instant(rs, "starts_at"), instant(rs, "ends_at"),
                        longs(rs.getArray("member_ids")), longs(rs.getArray("resource_ids"))))
                .list();
    }

    /** When these members and resources are taken within {@code [from, to)}, other than by {@code excludeId}. */
    List<TimeSlot> busy(Instant from, Instant to, Collection<Long> memberIds, Collection<Long> resourceIds,
            long excludeId) {
        return jdbc.sql("""
                SELECT DISTINCT lower(during) AS starts_at, upper(during) AS ends_at FROM (
                    SELECT during, event_id FROM event_participant
                    WHERE member_id = ANY(CAST(:members AS bigint[])) AND during && tstzrange(:from, :to)
                    UNION ALL
                    SELECT during, event_id FROM event_resource
                    WHERE resource_id = ANY(CAST(:resources AS bigint[])) AND during && tstzrange(:from, :to)
                ) taken WHERE event_id <> :exclude ORDER BY 1, 2""")
                .param("members", SqlArrays.of(memberIds)).param("resources", SqlArrays.of(resourceIds))
                .param("from", utc(from)).param("to", utc(to)).param("exclude", excludeId)
                .query((rs, row) -> new TimeSlot(instant(rs, "starts_at"), instant(rs, "ends_at")))
                .list();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static List<Long> longs(Array array) throws SQLException {
        List<Long> values = new ArrayList<>();
        for (Object value : (Object[]) array.getArray()) {
            values.add(((Number) value).longValue());
        }
        return values;
    }

    private static Event map(ResultSet rs, int row) throws SQLException {
        return new Event(rs.getLong("id"), rs.getString("title"),
                rs.getObject("starts_at", OffsetDateTime.class), rs.getObject("ends_at", OffsetDateTime.class),
                rs.getString("location"), longs(rs.getArray("member_ids")), longs(rs.getArray("resource_ids")),
                rs.getObject("request_id", UUID.class));
    }
}
