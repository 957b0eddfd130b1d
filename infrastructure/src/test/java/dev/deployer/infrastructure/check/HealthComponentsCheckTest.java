package dev.deployer.infrastructure.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthComponentsCheckTest {

  private HttpServer server;
  private volatile int status = 200;
  private volatile String body = "";
  private volatile String token;
  private final OkHttpClient client = new OkHttpClient();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/actuator/health", exchange -> {
      token = exchange.getRequestHeaders().getFirst("X-API-Token");
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void passesWhenTheNamedComponentsAreUp() {
    body = "{\"status\":\"DOWN\",\"components\":{\"db\":{\"status\":\"UP\"},\"redis\":{\"status\":\"UP\"},"
        + "\"fault\":{\"status\":\"DOWN\"}}}";
    status = 503;

    CheckResult result = check(List.of("db", "redis")).run();

    assertThat(result.verdict()).as(result.actual()).isEqualTo(CheckResult.Verdict.PASS);
    assertThat(result.actual()).startsWith("db=UP, redis=UP");
    assertThat(token).isEqualTo("t0ken");
  }

  @Test
  void failsNamingTheComponentThatIsDownEvenOn503() {
    body = "{\"status\":\"DOWN\",\"components\":{\"db\":{\"status\":\"UP\"},\"redis\":{\"status\":\"DOWN\"}}}";
    status = 503;

    CheckResult result = check(List.of("db", "redis")).run();

    assertThat(result.failed()).isTrue();
    assertThat(result.actual()).contains("redis=DOWN").endsWith("redis not UP");
  }

  @Test
  void withoutNamesEveryListedComponentMustBeUp() {
    body = "{\"components\":{\"db\":{\"status\":\"UP\"},\"fault\":{\"status\":\"DOWN\"}}}";

    assertThat(check(List.of()).run().actual()).contains("fault not UP");
    body = "{\"components\":{}}";
    assertThat(check(List.of()).run().actual()).contains("no components listed");
  }

  @Test
  void aMissingComponentOrBadBodyFails() {
    body = "{\"components\":{\"db\":{\"status\":\"UP\"}}}";
    assertThat(check(List.of("db", "redis")).run().actual()).contains("redis=MISSING");
    body = "<html>";
    assertThat(check(List.of("db")).run().actual()).contains("not JSON");
  }

  @Test
  void noAnswerIsAFailedCheck() {
    server.stop(0);

    assertThat(check(List.of("db")).run().actual()).startsWith("no answer");
  }

  private HealthComponentsCheck check(List<String> components) {
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/actuator/health";
    return new HealthComponentsCheck("dependencies api", "dependency", url, components, Duration.ofSeconds(5), client,
        Map.of("X-API-Token", "t0ken"));
  }
}
