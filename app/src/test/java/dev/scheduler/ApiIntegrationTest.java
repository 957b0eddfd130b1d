package dev.scheduler;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Base of the {@code *IT} tests: the api role on a random port against PostgreSQL and Redis
 * containers. Every subclass shares one Spring context (and so one pair of containers); tests
 * keep out of each other's way with their own names and time windows, never by cleaning up.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestcontainersConfiguration.class)
public abstract class ApiIntegrationTest {

    @LocalServerPort
    protected int port;

    protected RestTestClient client;

    @BeforeEach
    void setUpClient() {
        client = RestTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    }

    /** The {@code content} of a page listing at {@code uri}. */
    protected List<Map<?, ?>> content(String uri, Object... variables) {
        Map<?, ?> page = client.get().uri(uri, variables).exchange()
                .expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        @SuppressWarnings("unchecked")
        List<Map<?, ?>> content = (List<Map<?, ?>>) page.get("content");
        return content;
    }

    /** POSTs {@code body} as JSON and returns the created resource's id. */
    protected long create(String path, Map<String, ?> body) {
        Map<?, ?> created = client.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(body)
                .exchange()
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        return ((Number) created.get("id")).longValue();
    }
}
