package dev.scheduler.event;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.scheduler.ApiIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The exclusion constraint under fire: 50 requests for the same slot of the same resource at once. */
class DoubleBookingIT extends ApiIntegrationTest {

    private static final int REQUESTS = 50;

    @Test
    void fiftyConcurrentBookingsOfOneSlotYieldOneEventAnd49Conflicts() throws Exception {
        long car = create("/resources", Map.of("name", "Family car", "kind", "car"));
        OffsetDateTime start = OffsetDateTime.of(2039, 6, 1, 9, 0, 0, 0, ZoneOffset.UTC)
                .plusDays(ThreadLocalRandom.current().nextInt(0, 5_000));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        ExecutorService pool = Executors.newFixedThreadPool(REQUESTS);
        CountDownLatch gate = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        try {
            for (int i = 0; i < REQUESTS; i++) {
                String body = """
                        {"title":"Trip %d","start":"%s","end":"%s","resourceIds":[%d]}"""
                        .formatted(i, start, start.plusHours(2), car);
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/events"))
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                statuses.add(pool.submit(() -> {
                    gate.await();
                    return send(http, request);
                }));
            }
            gate.countDown();
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                codes.add(status.get(90, TimeUnit.SECONDS));
            }
            assertThat(codes).filteredOn(code -> code == 201).hasSize(1);
            assertThat(codes).filteredOn(code -> code == 409).hasSize(REQUESTS - 1);
        } finally {
            pool.shutdownNow();
        }
        client.get().uri(b -> b.path("/events").queryParam("resourceId", car).build()).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.totalElements").isEqualTo(1);
    }

    /** Sends like a well-behaved client: a 503 (pool exhausted on a crowded machine) is retried. */
    private static int send(HttpClient http, HttpRequest request) throws Exception {
        for (int attempt = 1; ; attempt++) {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 503 || attempt == 5) {
                return status;
            }
            Thread.sleep(1_000);
        }
    }
}
