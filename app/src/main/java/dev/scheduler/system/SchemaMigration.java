package dev.scheduler.system;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.stereotype.Component;

/**
 * How a process brings the schema up to date at start-up, without the second Flyway would cost.
 *
 * <p>Flyway's {@code migrate} takes a PostgreSQL advisory lock even when there is nothing to apply,
 * and a process that finds the lock held sleeps a whole second before it tries again. api and worker
 * start side by side on every deploy and rollback, so one of them paid that second on most starts.
 * Here:
 * <ul>
 *   <li>nothing pending: the applied migrations are only validated, which takes no lock;</li>
 *   <li>migrations pending, role api: the api applies them ({@code migrate}, with Flyway's lock);</li>
 *   <li>migrations pending, role worker: the worker gives the api {@link #API_GRACE} to apply them,
 *       looking every {@link #POLL}, and applies them itself after that (a worker started alone).</li>
 * </ul>
 * Flyway validates in both cases, as {@code migrate} would: a schema some newer release migrated
 * further still passes, because {@code spring.flyway.ignore-migration-patterns} ignores the
 * migrations this release does not know.
 */
@Component
public final class SchemaMigration implements FlywayMigrationStrategy {

    static final Duration API_GRACE = Duration.ofSeconds(5);
    static final Duration POLL = Duration.ofMillis(100);

    private static final Logger log = LoggerFactory.getLogger(SchemaMigration.class);

    private final Role role;
    private final Duration apiGrace;
    private final Duration poll;

    @Autowired
    public SchemaMigration(SchedulerProperties properties) {
        this(properties.parsedRole(), API_GRACE, POLL);
    }

    SchemaMigration(Role role, Duration apiGrace, Duration poll) {
        this.role = role;
        this.apiGrace = apiGrace;
        this.poll = poll;
    }

    @Override
    public void migrate(Flyway flyway) {
        if (role == Role.WORKER && hasPending(flyway)) {
            waitFor(() -> !hasPending(flyway), apiGrace, poll);
        }
        if (hasPending(flyway)) {
            flyway.migrate();
        } else {
            flyway.validate();
        }
    }

    private static boolean hasPending(Flyway flyway) {
        return flyway.info().pending().length > 0;
    }

    /** Polls until the condition holds or the grace period is over. */
    private static void waitFor(BooleanSupplier condition, Duration grace, Duration poll) {
        long deadline = System.nanoTime() + grace.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                log.info("schema migrations still pending after {} ms: applying them here", grace.toMillis());
                return;
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
