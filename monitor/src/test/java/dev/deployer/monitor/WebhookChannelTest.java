package dev.deployer.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.deployer.infrastructure.config.DeploymentConfig.AlertSettings;
import dev.deployer.infrastructure.report.ReportStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookChannelTest {

  private HttpServer server;
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final List<String> failures = new CopyOnWriteArrayList<>();
  private final AtomicInteger failFirst = new AtomicInteger();
  private volatile long delayMillis;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/hook", exchange -> {
      bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      sleep(delayMillis);
      exchange.sendResponseHeaders(failFirst.getAndDecrement() > 0 ? 500 : 204, -1);
      exchange.close();
    });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void postsTheAlertAsJson() throws IOException {
    try (WebhookChannel channel = channel(1)) {
      channel.send(alert());
      await().atMost(Duration.ofSeconds(5)).until(() -> bodies.size() == 1);
    }

    JsonNode json = ReportStore.json().readTree(bodies.get(0));
    assertThat(json.get("severity").asText()).isEqualTo("critical");
    assertThat(json.get("kind").asText()).isEqualTo("firing");
    assertThat(json.get("source").asText()).isEqualTo("container redis");
    assertThat(json.get("environment").asText()).isEqualTo("staging");
    assertThat(failures).isEmpty();
  }

  @Test
  void retriesAFailedDelivery() {
    failFirst.set(2);
    try (WebhookChannel channel = channel(3)) {
      channel.send(alert());
      await().atMost(Duration.ofSeconds(5)).until(() -> bodies.size() == 3);
    }

    assertThat(failures).isEmpty();
  }

  @Test
  void givesUpAfterItsAttemptsAndSaysSo() {
    failFirst.set(100);
    try (WebhookChannel channel = channel(2)) {
      channel.send(alert());
      await().atMost(Duration.ofSeconds(5)).until(() -> !failures.isEmpty());
    }

    assertThat(bodies).hasSize(2);
    assertThat(failures.get(0)).contains("failed after 2 attempt(s): HTTP 500");
  }

  @Test
  void aSlowWebhookNeverBlocksTheSender() {
    delayMillis = 3000;
    try (WebhookChannel channel = new WebhookChannel(url(), Severity.CRITICAL, Map.of(), Duration.ofMillis(300), 1,
        Duration.ofMillis(10), failures::add)) {
      long start = System.nanoTime();
      for (int i = 0; i < 500; i++) {
        channel.send(alert());
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
      await().atMost(Duration.ofSeconds(5)).until(() -> !failures.isEmpty());
    }
    assertThat(failures.get(0)).contains("failed after 1 attempt(s)");
  }

  @Test
  void theSlackFormatPostsOneLineOfText() throws IOException {
    try (WebhookChannel channel = new WebhookChannel(url(), Severity.CRITICAL, AlertSettings.Format.SLACK,
        Map.of("environment", "staging", "project", "scheduler-staging"), Duration.ofSeconds(2), 1,
        Duration.ofMillis(20), failures::add)) {
      channel.send(new Alert(Instant.now(), Severity.CRITICAL, Alert.Kind.DEPLOY_FAILED, "deploy-and-verify r1",
          "deployment", "service api failed: it restarted"));
      await().atMost(Duration.ofSeconds(5)).until(() -> bodies.size() == 1);
    }

    JsonNode json = ReportStore.json().readTree(bodies.get(0));
    assertThat(json.size()).isEqualTo(1);
    assertThat(json.get("text").asText()).isEqualTo(":red_circle: *scheduler-staging (staging)* deploy failed:"
        + " deploy-and-verify r1: service api failed: it restarted");
  }

  @Test
  void deployMilestonesGoToTheirSeveritysWebhook() throws IOException {
    List<AlertChannel> channels = List.of(channel(1), new WebhookChannel(url() + "/info", Severity.INFO, Map.of(),
        Duration.ofSeconds(2), 1, Duration.ofMillis(20), failures::add));
    try (DeployNotifications notifications = new DeployNotifications(channels, java.time.Clock.systemUTC(),
        failures::add)) {
      notifications.send(DeployNotifications.Milestone.STARTED, "deploy staging", "deploy started by ci");
      notifications.send(DeployNotifications.Milestone.ROLLBACK_AWAITING_APPROVAL, "deploy r1", "approve rb-1");
      await().atMost(Duration.ofSeconds(5)).until(() -> bodies.size() == 2);
    }

    List<String> kinds = new java.util.ArrayList<>();
    for (String body : bodies) {
      JsonNode json = ReportStore.json().readTree(body);
      kinds.add(json.get("severity").asText() + " " + json.get("kind").asText() + " " + json.get("level").asText());
    }
    assertThat(kinds).containsExactlyInAnyOrder("info deploy_started deployment",
        "critical rollback_awaiting_approval deployment");
    assertThat(failures).isEmpty();
  }

  @Test
  void acceptsOnlyItsSeverity() {
    try (WebhookChannel channel = channel(1)) {
      assertThat(channel.accepts(Severity.CRITICAL)).isTrue();
      assertThat(channel.accepts(Severity.WARNING)).isFalse();
    }
  }

  private WebhookChannel channel(int attempts) {
    return new WebhookChannel(url(), Severity.CRITICAL, Map.of("environment", "staging"), Duration.ofSeconds(2), attempts,
        Duration.ofMillis(20), failures::add);
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  private static Alert alert() {
    return new Alert(Instant.now(), Severity.CRITICAL, Alert.Kind.FIRING, "container redis", "service", "died");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
