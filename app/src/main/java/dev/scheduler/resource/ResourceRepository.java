package dev.scheduler.resource;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.scheduler.system.PageQuery;
import dev.scheduler.system.PageResult;

/** Resources in PostgreSQL. */
@Repository
public class ResourceRepository {

    private static final String COLUMNS = "id, name, kind";

    private final JdbcClient jdbc;

    ResourceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Resource create(String name, String kind) {
        return jdbc.sql("INSERT INTO resource (name, kind) VALUES (:name, :kind) RETURNING " + COLUMNS)
                .param("name", name).param("kind", kind)
                .query(Resource.class).single();
    }

    public Optional<Resource> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM resource WHERE id = :id")
                .param("id", id).query(Resource.class).optional();
    }

    /** The ids among {@code ids} that exist, for validating references. */
    public List<Long> existing(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT id FROM resource WHERE id IN (:ids)").param("ids", ids).query(Long.class).list();
    }

    /** Every resource, oldest first; the parser matches names against these. */
    public List<Resource> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM resource ORDER BY id").query(Resource.class).list();
    }

    PageResult<Resource> page(PageQuery query) {
        List<Resource> content = jdbc.sql("SELECT " + COLUMNS + " FROM resource ORDER BY id LIMIT :limit OFFSET :offset")
                .param("limit", query.size()).param("offset", query.offset())
                .query(Resource.class).list();
        long total = jdbc.sql("SELECT count(*) FROM resource").query(Long.class).single();
        return PageResult.of(content, query, total);
    }

    Optional<Resource> update(long id, String name, String kind) {
        return jdbc.sql("UPDATE resource SET name = :name, kind = :kind WHERE id = :id RETURNING " + COLUMNS)
                .param("id", id).param("name", name).param("kind", kind)
                .query(Resource.class).optional();
    }

    boolean delete(long id) {
        return jdbc.sql("DELETE FROM resource WHERE id = :id").param("id", id).update() > 0;
    }
}
