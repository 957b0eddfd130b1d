package dev.scheduler.request;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import dev.scheduler.ApiIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Plain-language requests through Redis: at-least-once delivery, never two events for one request. */
class RequestQueueIT extends ApiIntegrationTest {

    @Autowired
    RequestQueue queue;

    @Autowired
    RequestProcessor processor;

    String member;
    String court;
    final List<RequestWorker> workers = new ArrayList<>();

    @BeforeEach
    void setUp() {
        // Names of their own: the parser rejects a name two members share.
        member = "Rowan" + letters();
        court = "Court" + letters();
        create("/members", Map.of("name", member));
        create("/resources", Map.of("name", court, "kind", "room"));
    }

    @AfterEach
    void stopWorkers() {
        workers.forEach(RequestWorker::stop);
    }

    private static String letters() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            text.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
        }
        return text.toString();
    }

    private RequestWorker startWorker() {
        RequestWorker worker = new RequestWorker(queue, processor, "test-" + letters(), 2);
        workers.add(worker);
        worker.start();
        return worker;
    }

    private UUID submit(String message) {
        Map<?, ?> view = client.post().uri("/requests").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("message", message))
                .exchange()
                .expectStatus().isAccepted()
                .expectHeader().exists("Location")
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(view.get("status")).isEqualTo("pending");
        return UUID.fromString((String) view.get("id"));
    }

    private Map<?, ?> awaitOutcome(UUID id) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> client.get().uri("/requests/{id}", id).exchange()
                        .expectStatus().isOk()
                        .expectBody(Map.class).returnResult().getResponseBody(),
                        view -> !"pending".equals(view.get("status")));
    }

    /** Takes ids off the queue for {@code workerId} until {@code wanted} comes; puts the others back. */
    private void takeUntil(String workerId, UUID wanted) {
        for (int i = 0; i < 1_000; i++) {
            UUID id = queue.take(workerId, Duration.ofSeconds(1));
            if (wanted.equals(id)) {
                return;
            }
            if (id != null) {
                queue.enqueue(id);
                queue.ack(workerId, id);
            }
        }
        throw new AssertionError(wanted + " never came off the queue");
    }

    @Test
    void requestTakenByAWorkerThatDiesIsProcessedByTheNextOneOnce() {
        UUID id = submit("Tennis tomorrow at 10am for " + member + " in " + court + " for 90 minutes");

        String doomed = "doomed-" + letters();
        queue.heartbeat(doomed, Duration.ofMinutes(1));
        takeUntil(doomed, id);
        queue.retire(doomed); // the worker dies mid-request: its heartbeat is gone, the id is in its list

        assertThat(queue.reclaim()).contains(id);
        startWorker();
        Map<?, ?> outcome = awaitOutcome(id);
        assertThat(outcome.get("status")).isEqualTo("done");
        Map<?, ?> event = (Map<?, ?>) outcome.get("event");
        assertThat(event.get("title")).isEqualTo("Tennis");

        // A second delivery of the same id changes nothing.
        assertThat(processor.process(id)).isEmpty();
        assertThat(content("/events?size=200&from={from}", event.get("start")))
                .filteredOn(e -> id.toString().equals(e.get("requestId"))).hasSize(1);
    }

    @Test
    void aQuietWorkerTakesNoRequestUntilItIsResumed() {
        RequestWorker worker = startWorker();
        worker.quiet();
        assertThat(worker.isRunning()).isFalse();

        UUID id = submit("Squash tomorrow at 2pm for " + member + " in " + court);
        // The readiness event of a restart of the context must not wake a quiet worker either.
        worker.onApplicationEvent(new org.springframework.boot.availability.AvailabilityChangeEvent<>(this,
                org.springframework.boot.availability.ReadinessState.ACCEPTING_TRAFFIC));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(
                () -> "pending".equals(client.get().uri("/requests/{id}", id).exchange().expectStatus().isOk()
                        .expectBody(Map.class).returnResult().getResponseBody().get("status")));

        worker.resume();
        assertThat(worker.isRunning()).isTrue();
        assertThat(awaitOutcome(id).get("status")).isEqualTo("done");
    }

    @Test
    void twoWorkersProcessingTheSameRequestAtOnceBookOneEvent() {
        UUID id = submit("Badminton tomorrow at 4pm for " + member + " in " + court);
        var first = CompletableFuture.supplyAsync(() -> processor.process(id));
        var second = CompletableFuture.supplyAsync(() -> processor.process(id));
        List<Optional<String>> outcomes = List.of(first.join(), second.join());
        assertThat(outcomes).contains(Optional.of("done"));

        Map<?, ?> view = awaitOutcome(id);
        assertThat(view.get("status")).isEqualTo("done");
        Map<?, ?> event = (Map<?, ?>) view.get("event");
        assertThat(content("/events?size=200&from={from}", event.get("start")))
                .filteredOn(e -> id.toString().equals(e.get("requestId"))).hasSize(1);
    }

    @Test
    void outcomesAreDoneConflictOrRejected() {
        startWorker();
        UUID booked = submit("Yoga the day after tomorrow at 9am in " + court + " for 1h");
        assertThat(awaitOutcome(booked).get("status")).isEqualTo("done");

        UUID clash = submit("Pilates the day after tomorrow at 9:30am in " + court);
        Map<?, ?> conflict = awaitOutcome(clash);
        assertThat(conflict.get("status")).isEqualTo("conflict");
        Map<?, ?> report = (Map<?, ?>) conflict.get("conflict");
        assertThat((List<?>) report.get("conflicts")).hasSize(1);
        assertThat((List<?>) report.get("suggestions")).hasSize(3);

        UUID nonsense = submit("Yoga sometime for " + member);
        Map<?, ?> rejected = awaitOutcome(nonsense);
        assertThat(rejected.get("status")).isEqualTo("rejected");
        assertThat((String) rejected.get("reason")).contains("no day");
    }

    @Test
    void clientsRetryWithTheirOwnIdAndGetOneRequest() {
        UUID id = UUID.randomUUID();
        for (int i = 0; i < 2; i++) {
            client.post().uri("/requests").contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("id", id.toString(), "message", "Chess tomorrow at 5pm for " + member))
                    .exchange()
                    .expectStatus().isAccepted()
                    .expectBody().jsonPath("$.id").isEqualTo(id.toString());
        }
        client.post().uri("/requests").contentType(MediaType.APPLICATION_JSON).body(Map.of("message", " "))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("message");
        client.get().uri("/requests/{id}", UUID.randomUUID()).exchange().expectStatus().isNotFound();
        client.get().uri("/requests/not-a-uuid").exchange().expectStatus().isBadRequest();
    }
}
