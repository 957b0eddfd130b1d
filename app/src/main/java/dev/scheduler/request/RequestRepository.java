package dev.scheduler.request;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.scheduler.system.PageQuery;
import dev.scheduler.system.PageResult;

/** Scheduling requests in PostgreSQL: the durable record; Redis only carries their ids to workers. */
@Repository
class RequestRepository {

    private static final String COLUMNS =
            "id, message, status, reason, event_id, outcome::text AS outcome, attempts, created_at, finished_at";

    private final JdbcClient jdbc;

    RequestRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a new pending request; false when one with this id exists already. */
    boolean insert(UUID id, String message) {
        return jdbc.sql("""
                INSERT INTO scheduling_request (id, message, status) VALUES (:id, :message, 'pending')
                ON CONFLICT (id) DO NOTHING""")
                .param("id", id).param("message", message).update() > 0;
    }

    Optional<StoredRequest> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM scheduling_request WHERE id = :id")
                .param("id", id).query(StoredRequest.class).optional();
    }

    /** Counts a processing attempt; the message if the request is still pending, else empty. */
    Optional<String> claim(UUID id) {
        return jdbc.sql("""
                UPDATE scheduling_request SET attempts = attempts + 1
                WHERE id = :id AND status = 'pending' RETURNING message""")
                .param("id", id).query(String.class).optional();
    }

    /** Records the outcome, once: a request that is no longer pending keeps its first outcome. */
    boolean finish(UUID id, String status, String reason, Long eventId, String outcomeJson) {
        return jdbc.sql("""
                UPDATE scheduling_request
                SET status = :status, reason = :reason, event_id = :eventId,
                    outcome = CAST(:outcome AS jsonb), finished_at = now()
                WHERE id = :id AND status = 'pending'""")
                .param("id", id).param("status", status).param("reason", reason)
                .param("eventId", eventId).param("outcome", outcomeJson)
                .update() > 0;
    }

    /**
     * Pending requests last put on the queue more than {@code age} ago, marked as enqueued again
     * now; covers a lost Redis push, a Redis restart without persistence, and a lost worker.
     */
    List<UUID> takeStale(Duration age, int limit) {
        return jdbc.sql("""
                UPDATE scheduling_request SET enqueued_at = now()
                WHERE id IN (SELECT id FROM scheduling_request
                             WHERE status = 'pending' AND enqueued_at < now() - make_interval(secs => :age)
                             ORDER BY enqueued_at LIMIT :limit FOR UPDATE SKIP LOCKED)
                RETURNING id""")
                .param("age", age.toSeconds()).param("limit", limit)
                .query(UUID.class).list();
    }

    PageResult<StoredRequest> page(PageQuery query, String status) {
        String where = " WHERE (CAST(:status AS text) IS NULL OR status = :status)";
        List<StoredRequest> content = jdbc.sql("SELECT " + COLUMNS + " FROM scheduling_request" + where
                        + " ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
                .param("status", status).param("limit", query.size()).param("offset", query.offset())
                .query(StoredRequest.class).list();
        long total = jdbc.sql("SELECT count(*) FROM scheduling_request" + where)
                .param("status", status).query(Long.class).single();
        return PageResult.of(content, query, total);
    }
}
