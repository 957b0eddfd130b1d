package dev.deployer.monitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.deployer.infrastructure.config.DeploymentConfig.AlertSettings;
import dev.deployer.infrastructure.http.HttpClients;
import dev.deployer.infrastructure.report.ReportStore;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * POSTs alerts of one severity as JSON to a URL, in the deployer's own shape or in Slack's
 * ({@code {"text": ...}}, which Mattermost and Rocket.Chat take too). Delivery runs on a thread of its own with a
 * bounded queue (the oldest waiting alert is dropped when it is full), each attempt has a time
 * limit, and a failed attempt is retried with backoff; a dead webhook never slows the monitor.
 */
public final class WebhookChannel implements AlertChannel {

  private static final MediaType JSON = MediaType.get("application/json");

  private final String url;
  private final Severity severity;
  private final Map<String, String> context;
  private final OkHttpClient client;
  private final int attempts;
  private final Duration backoff;
  private final Consumer<String> onFailure;
  private final ThreadPoolExecutor sender;
  private final AlertSettings.Format format;

  public WebhookChannel(String url, Severity severity, Map<String, String> context, Duration timeout, int attempts,
      Duration backoff, Consumer<String> onFailure) {
    this(url, severity, AlertSettings.Format.GENERIC, context, timeout, attempts, backoff, onFailure);
  }

  public WebhookChannel(String url, Severity severity, AlertSettings.Format format, Map<String, String> context,
      Duration timeout, int attempts, Duration backoff, Consumer<String> onFailure) {
    this.format = format;
    this.url = url;
    this.severity = severity;
    this.context = Map.copyOf(context);
    this.client = HttpClients.withTimeout(timeout);
    this.attempts = Math.max(1, attempts);
    this.backoff = backoff;
    this.onFailure = onFailure;
    this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(100), runnable -> {
      Thread thread = new Thread(runnable, "monitor-webhook-" + severity.name().toLowerCase());
      thread.setDaemon(true);
      return thread;
    }, new ThreadPoolExecutor.DiscardOldestPolicy());
  }

  @Override
  public String name() {
    return "webhook " + severity.name().toLowerCase();
  }

  @Override
  public boolean accepts(Severity severity) {
    return this.severity == severity;
  }

  @Override
  public void send(Alert alert) {
    sender.execute(() -> deliver(alert));
  }

  private void deliver(Alert alert) {
    String body;
    try {
      body = ReportStore.json().writeValueAsString(
          format == AlertSettings.Format.SLACK ? slackPayload(alert) : payload(alert));
    } catch (JsonProcessingException e) {
      onFailure.accept("cannot encode alert for " + url + ": " + e.getMessage());
      return;
    }
    String last = "";
    for (int attempt = 1; attempt <= attempts; attempt++) {
      Request request = new Request.Builder().url(url).post(RequestBody.create(body, JSON)).build();
      try (Response response = client.newCall(request).execute()) {
        if (response.isSuccessful()) {
          return;
        }
        last = "HTTP " + response.code();
      } catch (IOException e) {
        last = e.getMessage();
      }
      if (attempt < attempts && !sleep(backoff.multipliedBy(1L << (attempt - 1)))) {
        return;
      }
    }
    onFailure.accept("webhook " + url + " failed after " + attempts + " attempt(s): " + last);
  }

  private Map<String, Object> payload(Alert alert) {
    Map<String, Object> payload = new LinkedHashMap<>(context);
    payload.put("time", alert.time().toString());
    payload.put("severity", alert.severity().name().toLowerCase());
    payload.put("kind", alert.kind().name().toLowerCase());
    payload.put("source", alert.source());
    payload.put("level", alert.level());
    payload.put("message", alert.message());
    return payload;
  }

  /** Slack's incoming-webhook body: one line of mrkdwn, the severity as an emoji. */
  Map<String, Object> slackPayload(Alert alert) {
    String emoji = switch (alert.severity()) {
      case CRITICAL -> ":red_circle:";
      case WARNING -> ":warning:";
      case INFO -> alert.kind() == Alert.Kind.DEPLOY_VERIFIED || alert.kind() == Alert.Kind.RESOLVED
          ? ":white_check_mark:" : ":information_source:";
    };
    String where = context.getOrDefault("project", "?") + " (" + context.getOrDefault("environment", "?") + ")";
    return Map.of("text", emoji + " *" + where + "* " + alert.kind().name().toLowerCase().replace('_', ' ') + ": "
        + alert.source() + ": " + alert.message());
  }

  private static boolean sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Lets queued alerts go out for a moment, then stops. */
  @Override
  public void close() {
    sender.shutdown();
    try {
      if (!sender.awaitTermination(5, TimeUnit.SECONDS)) {
        sender.shutdownNow();
      }
    } catch (InterruptedException e) {
      sender.shutdownNow();
      Thread.currentThread().interrupt();
    }
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
