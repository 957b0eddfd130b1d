package dev.scheduler.system;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SchemaMigration} against a real PostgreSQL, one fresh database per test. What Flyway did
 * is read from its own callbacks: {@code beforeMigrate} only comes from {@code migrate}, the step
 * that takes the advisory lock.
 */
@Testcontainers
class SchemaMigrationIT {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    @Container
    static final PostgreSQLContainer POSTGRES = new PostgreSQLContainer(
            DockerImageName.parse("postgres:15").asCompatibleSubstituteFor("postgres"))
            .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*\\s", 1)
                    .withStartupTimeout(Duration.ofMinutes(3)));

    @Test
    void apiAppliesPendingMigrations() throws SQLException {
        String database = newDatabase();
        Recorder api = new Recorder();

        migration(Role.API, Duration.ofSeconds(5)).migrate(flyway(database, api));

        assertThat(api.events).contains(Event.BEFORE_MIGRATE);
        assertThat(pendingIn(database)).isZero();
    }

    @Test
    void nothingPendingIsOnlyValidated() throws SQLException {
        String database = newDatabase();
        migration(Role.API, Duration.ofSeconds(5)).migrate(flyway(database, new Recorder()));
        Recorder api = new Recorder();
        Recorder worker = new Recorder();

        migration(Role.API, Duration.ofSeconds(5)).migrate(flyway(database, api));
        migration(Role.WORKER, Duration.ofSeconds(5)).migrate(flyway(database, worker));

        assertThat(api.events).contains(Event.BEFORE_VALIDATE).doesNotContain(Event.BEFORE_MIGRATE);
        assertThat(worker.events).contains(Event.BEFORE_VALIDATE).doesNotContain(Event.BEFORE_MIGRATE);
    }

    @Test
    void workerStartedWithTheApiLeavesTheMigrationsToIt() throws SQLException {
        String database = newDatabase();
        Recorder api = new Recorder();
        Recorder worker = new Recorder();

        CompletableFuture<Void> workerStart = CompletableFuture.runAsync(() -> migration(
                Role.WORKER, Duration.ofSeconds(30)).migrate(flyway(database, worker)));
        migration(Role.API, Duration.ofSeconds(5)).migrate(flyway(database, api));
        workerStart.join();

        assertThat(api.events).contains(Event.BEFORE_MIGRATE);
        assertThat(worker.events).contains(Event.BEFORE_VALIDATE).doesNotContain(Event.BEFORE_MIGRATE);
        assertThat(pendingIn(database)).isZero();
    }

    @Test
    void workerAloneAppliesThemAfterTheGracePeriod() throws SQLException {
        String database = newDatabase();
        Recorder worker = new Recorder();

        migration(Role.WORKER, Duration.ofMillis(300)).migrate(flyway(database, worker));

        assertThat(worker.events).contains(Event.BEFORE_MIGRATE);
        assertThat(pendingIn(database)).isZero();
    }

    /** A process of {@code role} that gives the api {@code apiGrace}, looking every 50 ms. */
    private static SchemaMigration migration(Role role, Duration apiGrace) {
        return new SchemaMigration(role, apiGrace, Duration.ofMillis(50));
    }

    private static Flyway flyway(String database, Callback... callbacks) {
        return Flyway.configure()
                .dataSource(url(database), POSTGRES.getUsername(), POSTGRES.getPassword())
                .locations("classpath:db/migration")
                .ignoreMigrationPatterns("*:future")
                .callbacks(callbacks)
                .load();
    }

    private static int pendingIn(String database) {
        return flyway(database).info().pending().length;
    }

    private static String newDatabase() throws SQLException {
        String name = "migration_" + DATABASES.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(POSTGRES.getJdbcUrl(), POSTGRES.getUsername(),
                POSTGRES.getPassword())) {
            connection.createStatement().execute("CREATE DATABASE " + name);
        }
        return name;
    }

    private static String url(String database) {
        return "jdbc:postgresql://" + POSTGRES.getHost() + ":" + POSTGRES.getMappedPort(5432) + "/" + database;
    }

    /** The Flyway events one process went through. */
    private static final class Recorder implements Callback {

        final List<Event> events = new CopyOnWriteArrayList<>();

        @Override
        public boolean supports(Event event, Context context) {
            return event == Event.BEFORE_MIGRATE || event == Event.BEFORE_VALIDATE;
        }

        @Override
        public boolean canHandleInTransaction(Event event, Context context) {
            return true;
        }

        @Override
        public void handle(Event event, Context context) {
            events.add(event);
        }

        @Override
        public String getCallbackName() {
            return "recorder";
        }
    }
}
