package dev.scheduler.member;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.scheduler.system.PageQuery;
import dev.scheduler.system.PageResult;

/** Members in PostgreSQL. */
@Repository
public class MemberRepository {

    private final JdbcClient jdbc;

    MemberRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Member create(String name) {
        return jdbc.sql("INSERT INTO member (name) VALUES (:name) RETURNING id, name")
                .param("name", name)
                .query(Member.class)
                .single();
    }

    public Optional<Member> find(long id) {
        return jdbc.sql("SELECT id, name FROM member WHERE id = :id").param("id", id).query(Member.class).optional();
    }

    /** The ids among {@code ids} that exist, for validating references. */
    public List<Long> existing(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT id FROM member WHERE id IN (:ids)").param("ids", ids).query(Long.class).list();
    }

    public List<Member> findAllByIds(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT id, name FROM member WHERE id IN (:ids) ORDER BY id")
                .param("ids", ids).query(Member.class).list();
    }

    /** Every member, oldest first; the parser matches names against these. */
    public List<Member> all() {
        return jdbc.sql("SELECT id, name FROM member ORDER BY id").query(Member.class).list();
    }

    PageResult<Member> page(PageQuery query) {
        List<Member> content = jdbc.sql("SELECT id, name FROM member ORDER BY id LIMIT :limit OFFSET :offset")
                .param("limit", query.size())
                .param("offset", query.offset())
                .query(Member.class)
                .list();
        long total = jdbc.sql("SELECT count(*) FROM member").query(Long.class).single();
        return PageResult.of(content, query, total);
    }

    Optional<Member> update(long id, String name) {
        return jdbc.sql("UPDATE member SET name = :name WHERE id = :id RETURNING id, name")
                .param("id", id)
                .param("name", name)
                .query(Member.class)
                .optional();
    }

    boolean delete(long id) {
        return jdbc.sql("DELETE FROM member WHERE id = :id").param("id", id).update() > 0;
    }
}
