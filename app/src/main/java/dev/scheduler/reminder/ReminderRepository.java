package dev.scheduler.reminder;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.scheduler.system.PageQuery;
import dev.scheduler.system.PageResult;

/** Reminders in PostgreSQL. */
@Repository
class ReminderRepository {

    private static final String COLUMNS = "id, event_id, remind_at, message, channel, sent_at";

    private final JdbcClient jdbc;

    ReminderRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Reminder create(long eventId, Instant remindAt, String message, String channel) {
        return jdbc.sql("INSERT INTO reminder (event_id, remind_at, message, channel)"
                        + " VALUES (:eventId, :remindAt, :message, :channel) RETURNING " + COLUMNS)
                .param("eventId", eventId).param("remindAt", remindAt.atOffset(ZoneOffset.UTC))
                .param("message", message).param("channel", channel)
                .query(Reminder.class).single();
    }

    Optional<Reminder> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM reminder WHERE id = :id")
                .param("id", id).query(Reminder.class).optional();
    }

    PageResult<Reminder> page(PageQuery query, Long eventId) {
        String where = " WHERE (CAST(:eventId AS bigint) IS NULL OR event_id = :eventId)";
        List<Reminder> content = jdbc.sql("SELECT " + COLUMNS + " FROM reminder" + where
                        + " ORDER BY remind_at, id LIMIT :limit OFFSET :offset")
                .param("eventId", eventId).param("limit", query.size()).param("offset", query.offset())
                .query(Reminder.class).list();
        long total = jdbc.sql("SELECT count(*) FROM reminder" + where)
                .param("eventId", eventId).query(Long.class).single();
        return PageResult.of(content, query, total);
    }

    /** Changes a reminder that has not fired yet; empty if it does not exist or already fired. */
    Optional<Reminder> reschedule(long id, Instant remindAt, String message, String channel) {
        return jdbc.sql("UPDATE reminder SET remind_at = :remindAt, message = :message, channel = :channel"
                        + " WHERE id = :id AND sent_at IS NULL RETURNING " + COLUMNS)
                .param("id", id).param("remindAt", remindAt.atOffset(ZoneOffset.UTC))
                .param("message", message).param("channel", channel)
                .query(Reminder.class).optional();
    }

    boolean delete(long id) {
        return jdbc.sql("DELETE FROM reminder WHERE id = :id").param("id", id).update() > 0;
    }

    /**
     * Claims up to {@code limit} due reminders for {@code worker} by marking them sent, in one
     * statement. SKIP LOCKED lets two workers claim side by side, never the same row: a reminder
     * is claimed once, so it fires at most once even if delivery then fails.
     */
    List<Reminder> claimDue(Instant now, String worker, int limit) {
        return jdbc.sql("""
                UPDATE reminder SET sent_at = :now, sent_by = :worker
                WHERE id IN (SELECT id FROM reminder WHERE sent_at IS NULL AND remind_at <= :now
                             ORDER BY remind_at, id LIMIT :limit FOR UPDATE SKIP LOCKED)
                RETURNING """ + " " + COLUMNS)
                .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).param("worker", worker)
                .param("limit", limit)
                .query(Reminder.class).list();
    }
}
