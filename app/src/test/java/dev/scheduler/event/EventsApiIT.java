package dev.scheduler.event;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import dev.scheduler.ApiIntegrationTest;

class EventsApiIT extends ApiIntegrationTest {

    long emma;
    long noah;
    long field;
    OffsetDateTime day;

    @BeforeEach
    void setUp() {
        emma = create("/members", Map.of("name", "Emma"));
        noah = create("/members", Map.of("name", "Noah"));
        field = create("/resources", Map.of("name", "Soccer field", "kind", "field"));
        // A day of its own, so tests sharing the database never overlap in time.
        day = OffsetDateTime.of(2040, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)
                .plusDays(ThreadLocalRandom.current().nextInt(0, 20_000));
    }

    private Map<String, Object> event(String title, int startHour, int endHour, List<Long> members,
            List<Long> resources) {
        return Map.of("title", title, "start", day.plusHours(startHour).toString(),
                "end", day.plusHours(endHour).toString(), "participantIds", members, "resourceIds", resources);
    }

    @Test
    void createReadUpdateListDelete() {
        long id = create("/events", event("Practice", 14, 15, List.of(emma), List.of(field)));
        client.get().uri("/events/{id}", id).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.title").isEqualTo("Practice")
                .jsonPath("$.participantIds[0]").isEqualTo((int) emma)
                .jsonPath("$.resourceIds[0]").isEqualTo((int) field);

        client.put().uri("/events/{id}", id).contentType(MediaType.APPLICATION_JSON)
                .body(event("Practice (moved)", 16, 17, List.of(emma, noah), List.of(field)))
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.participantIds.length()").isEqualTo(2);

        client.get().uri(b -> b.path("/events").queryParam("memberId", noah).build()).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.totalElements").isEqualTo(1)
                .jsonPath("$.content[0].title").isEqualTo("Practice (moved)");

        client.delete().uri("/events/{id}", id).exchange().expectStatus().isNoContent();
        client.get().uri("/events/{id}", id).exchange().expectStatus().isNotFound();
    }

    @Test
    void overlappingEventIs409NamingTheConflictWithThreeSuggestions() {
        long first = create("/events", event("Practice", 14, 16, List.of(emma), List.of(field)));
        client.post().uri("/events").contentType(MediaType.APPLICATION_JSON)
                .body(event("Match", 15, 16, List.of(noah), List.of(field)))
                .exchange()
                .expectStatus().isEqualTo(409)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.conflicts[0].id").isEqualTo((int) first)
                .jsonPath("$.conflicts[0].sharedResourceIds[0]").isEqualTo((int) field)
                .jsonPath("$.suggestions.length()").isEqualTo(3)
                .jsonPath("$.suggestions[0].start").isEqualTo(day.plusHours(16).toInstant().toString());
    }

    @Test
    void sharedParticipantConflictsButOthersDoNot() {
        create("/events", event("Piano", 10, 11, List.of(emma), List.of()));
        client.post().uri("/events").contentType(MediaType.APPLICATION_JSON)
                .body(event("Swimming", 10, 11, List.of(emma), List.of()))
                .exchange().expectStatus().isEqualTo(409);
        create("/events", event("Chess", 10, 11, List.of(noah), List.of()));
    }

    @Test
    void constraintViolationIs409() {
        String weekday = day.getDayOfWeek().toString();
        create("/constraints", Map.of("memberId", noah, "days", List.of(weekday), "from", "08:00", "until", "12:00",
                "reason", "school"));
        client.post().uri("/events").contentType(MediaType.APPLICATION_JSON)
                .body(event("Dentist", 9, 10, List.of(noah), List.of()))
                .exchange()
                .expectStatus().isEqualTo(409)
                .expectBody()
                .jsonPath("$.constraints[0].reason").isEqualTo("school")
                .jsonPath("$.suggestions[0].start").isEqualTo(day.plusHours(12).toInstant().toString());
    }

    @Test
    void clientMistakesAre400NamingTheField() {
        client.post().uri("/events").contentType(MediaType.APPLICATION_JSON)
                .body(event("Backwards", 15, 14, List.of(emma), List.of()))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("end");
        client.post().uri("/events").contentType(MediaType.APPLICATION_JSON)
                .body(event("Ghost", 14, 15, List.of(987654321L), List.of()))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("participantIds");
        client.post().uri("/events").contentType(MediaType.APPLICATION_JSON)
                .body("{\"title\":\"No times\"}")
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors.length()").isEqualTo(2);
        client.post().uri("/events").contentType(MediaType.APPLICATION_JSON)
                .body("{\"title\":\"Bad time\",\"start\":\"tomorrow\",\"end\":\"2040-01-01T10:00:00Z\"}")
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("start");
        client.get().uri("/events?size=0").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("size");
        client.post().uri("/resources").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("name", "Boat", "kind", "boat"))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("kind");
        client.put().uri("/events/987654321").contentType(MediaType.APPLICATION_JSON)
                .body(event("Nothing", 14, 15, List.of(), List.of()))
                .exchange().expectStatus().isNotFound();
    }

    @Test
    void memberInAnEventCannotBeDeleted() {
        create("/events", event("Piano", 18, 19, List.of(emma), List.of()));
        client.delete().uri("/members/{id}", emma).exchange().expectStatus().isEqualTo(409);
    }

    @Test
    void openApiDescribesTheApi() {
        client.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.info.title").isEqualTo("Scheduler API")
                .jsonPath("$.paths['/events']").exists()
                .jsonPath("$.paths['/requests/{id}']").exists();
    }
}
