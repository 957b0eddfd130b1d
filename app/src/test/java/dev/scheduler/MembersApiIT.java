package dev.scheduler;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

class MembersApiIT extends ApiIntegrationTest {

    @Test
    void createdMemberCanBeReadBack() {
        MemberJson created = client.post().uri("/members").contentType(MediaType.APPLICATION_JSON)
                .body("{\"name\":\"Emma\"}")
                .exchange()
                .expectStatus().isCreated()
                .expectHeader().exists("Location")
                .expectBody(MemberJson.class)
                .returnResult().getResponseBody();
        assertThat(created).isNotNull();
        assertThat(created.name()).isEqualTo("Emma");

        client.get().uri("/members/{id}", created.id()).exchange()
                .expectStatus().isOk()
                .expectBody(MemberJson.class).isEqualTo(created);

        client.get().uri("/members?page=0&size=5").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.content").isArray()
                .jsonPath("$.page").isEqualTo(0)
                .jsonPath("$.size").isEqualTo(5)
                .jsonPath("$.totalElements").isNumber();
    }

    record MemberJson(long id, String name) {
    }

    @Test
    void unknownMemberIs404Problem() {
        client.get().uri("/members/999999").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(404);
    }

    @Test
    void missingNameIs400ProblemNamingTheField() {
        client.post().uri("/members").contentType(MediaType.APPLICATION_JSON).body("{}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("name");
    }

    @Test
    void textTheDatabaseRefusesIs400NotA500() {
        client.post().uri("/members").contentType(MediaType.APPLICATION_JSON).body("{\"name\":\"a\\u0000b\"}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void malformedJsonIs400Problem() {
        client.post().uri("/members").contentType(MediaType.APPLICATION_JSON).body("{\"name\":")
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void readinessIsUpWithDbAndRedis() {
        client.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.db.status").isEqualTo("UP")
                .jsonPath("$.components.redis.status").isEqualTo("UP");
        client.get().uri("/actuator/health/liveness").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.db").doesNotExist();
    }

    @Test
    void prometheusAndInfoAreExposed() {
        client.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
        client.get().uri("/actuator/info").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.build.version").exists()
                .jsonPath("$.release").isEqualTo("dev");
    }
}
