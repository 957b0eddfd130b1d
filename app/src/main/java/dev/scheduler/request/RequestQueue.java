package dev.scheduler.request;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.data.redis.connection.RedisListCommands.Direction;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The request queue in Redis, as a reliable queue: a worker moves an id atomically from
 * {@code pending} to its own {@code processing} list (LMOVE), and removes it only when done.
 * A worker that dies stops renewing its heartbeat, and {@link #reclaim()} moves its ids back.
 */
@Component
class RequestQueue {

    static final String PENDING = "scheduler:requests:pending";
    static final String PROCESSING_PREFIX = "scheduler:requests:processing:";
    static final String HEARTBEAT_PREFIX = "scheduler:workers:";

    private final StringRedisTemplate redis;

    RequestQueue(StringRedisTemplate redis) {
        this.redis = redis;
    }

    void enqueue(UUID id) {
        redis.opsForList().leftPush(PENDING, id.toString());
    }

    /** Takes the oldest pending id into the worker's processing list, waiting up to {@code timeout}. */
    UUID take(String workerId, Duration timeout) {
        String id = redis.opsForList().move(PENDING, Direction.RIGHT, processing(workerId), Direction.LEFT, timeout);
        return id == null ? null : UUID.fromString(id);
    }

    /** Done with the id: it leaves the worker's processing list. */
    void ack(String workerId, UUID id) {
        redis.opsForList().remove(processing(workerId), 1, id.toString());
    }

    void heartbeat(String workerId, Duration ttl) {
        redis.opsForValue().set(HEARTBEAT_PREFIX + workerId, "alive", ttl);
    }

    /** Stops the heartbeat at once, on a clean shutdown. */
    void retire(String workerId) {
        redis.delete(HEARTBEAT_PREFIX + workerId);
    }

    /** Puts the ids held by workers without a heartbeat back at the front of the queue; returns them. */
    List<UUID> reclaim() {
        List<String> orphaned = new ArrayList<>();
        try (Cursor<String> keys = redis.scan(ScanOptions.scanOptions().match(PROCESSING_PREFIX + "*").count(100)
                .build())) {
            keys.forEachRemaining(key -> {
                String workerId = key.substring(PROCESSING_PREFIX.length());
                if (!Boolean.TRUE.equals(redis.hasKey(HEARTBEAT_PREFIX + workerId))) {
                    orphaned.add(key);
                }
            });
        }
        List<UUID> moved = new ArrayList<>();
        for (String key : orphaned) {
            String id;
            while ((id = redis.opsForList().move(key, Direction.RIGHT, PENDING, Direction.RIGHT)) != null) {
                moved.add(UUID.fromString(id));
            }
        }
        return moved;
    }

    long depth() {
        Long size = redis.opsForList().size(PENDING);
        return size == null ? 0 : size;
    }

    private static String processing(String workerId) {
        return PROCESSING_PREFIX + workerId;
    }
}
