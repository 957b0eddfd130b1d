package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.deployer.infrastructure.report.ReportStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A deploy tells the environment's webhooks that it started and how it ended; no Docker (the engine is absent). */
class DeployNotificationsTest {

  @TempDir
  Path work;

  private HttpServer server;
  private final List<String> received = new CopyOnWriteArrayList<>();

  @BeforeEach
  void webhooks() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      received.add(exchange.getRequestURI().getPath() + " "
          + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private Path config(String format) throws Exception {
    String url = "http://127.0.0.1:" + server.getAddress().getPort();
    String real = Files.readString(StatusCommandTest.CONFIG);
    String changed = real.replace("compose_file: ../../compose.yaml", "compose_file: "
            + StatusCommandTest.CONFIG.getParent().resolve("../../compose.yaml").normalize())
        .replace("${DOCKER_HOST:-unix:///var/run/docker.sock}", "unix://" + work.resolve("no.sock"))
        .replaceFirst("critical: \"\"", "critical: \"" + url + "/critical\"")
        .replaceFirst("info: \"\"", "info: \"" + url + "/info\"")
        .replaceFirst("webhook_format: generic", "webhook_format: " + format);
    return Files.writeString(work.resolve("deployment_config.yaml"), changed);
  }

  @Test
  void aFailedDeployIsStartedOnTheInfoWebhookAndFailedOnTheCriticalOne() throws Exception {
    Cli run = Cli.execute("deploy", "--env", "staging", "--config", config("generic").toString(), "--state-dir",
        work.resolve("state").toString());

    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.ENGINE_UNAVAILABLE);
    await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 2);
    JsonNode started = body("/info");
    assertThat(started.get("kind").asText()).isEqualTo("deploy_started");
    assertThat(started.get("source").asText()).isEqualTo("deploy staging");
    assertThat(started.get("project").asText()).isEqualTo("scheduler-staging");
    JsonNode failed = body("/critical");
    assertThat(failed.get("kind").asText()).isEqualTo("deploy_failed");
    assertThat(failed.get("message").asText()).isNotBlank();
  }

  @Test
  void theSlackFormatSendsText() throws Exception {
    Cli run = Cli.execute("deploy", "--env", "staging", "--config", config("slack").toString(), "--state-dir",
        work.resolve("state").toString());

    assertThat(run.exit()).isEqualTo(ExitCodes.ENGINE_UNAVAILABLE);
    await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 2);
    assertThat(body("/info").get("text").asText()).startsWith(":information_source: *scheduler-staging (staging)*"
        + " deploy started: deploy staging: deploy started by ");
    assertThat(body("/critical").get("text").asText()).startsWith(":red_circle: ");
  }

  private JsonNode body(String path) throws Exception {
    String line = received.stream().filter(r -> r.startsWith(path + " ")).findFirst().orElseThrow();
    return ReportStore.json().readTree(line.substring(path.length() + 1));
  }
}
