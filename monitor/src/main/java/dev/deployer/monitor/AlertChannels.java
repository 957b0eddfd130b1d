package dev.deployer.monitor;

import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.event.EventSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/** The channels an environment's alerts go to: the log file, the console, and a webhook per level if set. */
public final class AlertChannels {

  private AlertChannels() {}

  /** {@code <state>/monitor/alerts.log}. */
  public static Path logFile(Path stateDirectory) {
    return stateDirectory.resolve("monitor").resolve("alerts.log");
  }

  public static List<AlertChannel> forConfig(DeploymentConfig config, Path stateDirectory, EventSink console,
      Consumer<String> onWebhookFailure) {
    List<AlertChannel> channels = new ArrayList<>();
    channels.add(new LogChannel(logFile(stateDirectory), 5L << 20));
    channels.add(new ConsoleChannel(console));
    channels.addAll(webhooks(config, onWebhookFailure));
    return channels;
  }

  /** The environment's webhooks, one per severity that has a URL, in the config's {@code webhook_format}. */
  public static List<AlertChannel> webhooks(DeploymentConfig config, Consumer<String> onWebhookFailure) {
    List<AlertChannel> channels = new ArrayList<>();
    Map<String, String> context = Map.of("environment", config.environment(), "project", config.project());
    config.alerts().webhooks().forEach((level, url) -> {
      if (url != null && !url.isBlank()) {
        channels.add(new WebhookChannel(url, Severity.valueOf(level.toUpperCase(Locale.ROOT)),
            config.alerts().format(), context, Duration.ofSeconds(5), 3, Duration.ofMillis(500), onWebhookFailure));
      }
    });
    return channels;
  }
}
