package dev.scheduler.request;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A scheduling request as stored: the message and, once processed, its outcome. */
record StoredRequest(UUID id, String message, String status, String reason, Long eventId, String outcome,
        int attempts, OffsetDateTime createdAt, OffsetDateTime finishedAt) {

    static final String PENDING = "pending";
    static final String DONE = "done";
    static final String CONFLICT = "conflict";
    static final String REJECTED = "rejected";
}
