package dev.scheduler.reminder;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import dev.scheduler.ApiIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;

import static org.assertj.core.api.Assertions.assertThat;

class RemindersIT extends ApiIntegrationTest {

    @Autowired
    ReminderDispatcher dispatcher;

    @Autowired
    MeterRegistry meters;

    @Test
    void dueRemindersFireExactlyOnceEvenWithTwoWorkers() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        long event = create("/events", Map.of("title", "Recital", "start", now.plusHours(1).toString(),
                "end", now.plusHours(2).toString()));
        for (int i = 0; i < 5; i++) {
            create("/reminders", Map.of("eventId", event, "remindAt", now.minusMinutes(i).toString()));
        }
        long future = create("/reminders", Map.of("eventId", event, "minutesBefore", 30));
        double sentBefore = sent();

        // Two workers at the same moment: SKIP LOCKED splits the due reminders between them.
        var first = CompletableFuture.supplyAsync(dispatcher::dispatchDue);
        var second = CompletableFuture.supplyAsync(dispatcher::dispatchDue);
        int fired = first.join() + second.join();

        assertThat(fired).isGreaterThanOrEqualTo(5);
        assertThat(sent() - sentBefore).isEqualTo(fired);
        assertThat(dispatcher.dispatchDue()).isZero();
        assertThat(content("/reminders?eventId={id}", event)).hasSize(6)
                .filteredOn(reminder -> reminder.get("sentAt") != null).hasSize(5);
        client.get().uri("/reminders/{id}", future).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.sentAt").doesNotExist();
    }

    @Test
    void badRemindersAre400() {
        client.post().uri("/reminders").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("eventId", 987654321L, "minutesBefore", 5))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("eventId");
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        long event = create("/events", Map.of("title", "Check-up", "start", now.plusDays(3).toString(),
                "end", now.plusDays(3).plusHours(1).toString()));
        client.post().uri("/reminders").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("eventId", event))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("remindAt");
        client.post().uri("/reminders").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("eventId", event, "minutesBefore", 5, "channel", "pigeon"))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("channel");
    }

    private double sent() {
        return meters.find("scheduler.reminders.sent").counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
