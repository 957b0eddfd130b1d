package dev.deployer.monitor;

import dev.deployer.infrastructure.config.DeploymentConfig;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

/**
 * A deploy's milestones sent to the same webhooks as the monitor's alerts, each at a severity
 * (so to that severity's webhook): started, succeeded and verified are info, a rollback that
 * put the last verified release back is a warning, a failure and a rollback that waits for
 * approval are critical. Closing waits a moment for queued deliveries to go out.
 */
public final class DeployNotifications implements AutoCloseable {

  /** What happened to the deploy, and how loud it is. */
  public enum Milestone {
    STARTED(Severity.INFO, Alert.Kind.DEPLOY_STARTED),
    SUCCEEDED(Severity.INFO, Alert.Kind.DEPLOY_SUCCEEDED),
    VERIFIED(Severity.INFO, Alert.Kind.DEPLOY_VERIFIED),
    FAILED(Severity.CRITICAL, Alert.Kind.DEPLOY_FAILED),
    ROLLED_BACK(Severity.WARNING, Alert.Kind.ROLLED_BACK),
    ROLLBACK_AWAITING_APPROVAL(Severity.CRITICAL, Alert.Kind.ROLLBACK_AWAITING_APPROVAL);

    final Severity severity;
    final Alert.Kind kind;

    Milestone(Severity severity, Alert.Kind kind) {
      this.severity = severity;
      this.kind = kind;
    }
  }

  static final String LEVEL = "deployment";

  /** Where no webhook is configured, or the config could not be read. */
  public static final DeployNotifications NONE = new DeployNotifications(List.of(), Clock.systemUTC(), problem -> { });

  private final List<AlertChannel> channels;
  private final Clock clock;
  private final Consumer<String> onFailure;

  DeployNotifications(List<AlertChannel> channels, Clock clock, Consumer<String> onFailure) {
    this.channels = List.copyOf(channels);
    this.clock = clock;
    this.onFailure = onFailure;
  }

  /** {@code onFailure}: told when a webhook cannot be reached; a notification never fails a deploy. */
  public static DeployNotifications forConfig(DeploymentConfig config, Consumer<String> onFailure) {
    return new DeployNotifications(AlertChannels.webhooks(config, onFailure), Clock.systemUTC(), onFailure);
  }

  /** {@code source}: the run, e.g. "deploy-and-verify 20261124-060000-abcd". */
  public void send(Milestone milestone, String source, String message) {
    Alert alert = new Alert(clock.instant(), milestone.severity, milestone.kind, source, LEVEL, message);
    for (AlertChannel channel : channels) {
      if (channel.accepts(alert.severity())) {
        try {
          channel.send(alert);
        } catch (RuntimeException e) {
          onFailure.accept(channel.name() + ": " + e.getMessage());
        }
      }
    }
  }

  @Override
  public void close() {
    channels.forEach(AlertChannel::close);
  }
}
