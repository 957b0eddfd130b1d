package dev.deployer.monitor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns check outcomes into alerts without spamming: one alert when a source starts failing, a
 * reminder every {@code reminderInterval} while it keeps failing, one resolved notice when it
 * recovers. Sends each alert to every channel that wants its severity; a channel that throws is
 * reported and skipped, never allowed to stop the monitor.
 */
public final class AlertManager implements AutoCloseable {

  private final List<AlertChannel> channels;
  private final Duration reminderInterval;
  private final Clock clock;
  private final RingBuffer<Alert> history;
  private final Consumer<Alert> onAlert;
  private final Consumer<String> onChannelFailure;
  private final Map<String, Firing> firing = new HashMap<>();

  private record Firing(Severity severity, String level, Instant since, Instant lastSent) {}

  public AlertManager(List<AlertChannel> channels, Duration reminderInterval, Clock clock, int historySize,
      Consumer<Alert> onAlert, Consumer<String> onChannelFailure) {
    this.channels = List.copyOf(channels);
    this.reminderInterval = reminderInterval;
    this.clock = clock;
    this.history = new RingBuffer<>(historySize);
    this.onAlert = onAlert;
    this.onChannelFailure = onChannelFailure;
  }

  /** {@code source} failed: an alert if it was not failing, a reminder if the last one is old enough. */
  public synchronized void failed(String source, String level, Severity severity, String message) {
    Instant now = clock.instant();
    Firing current = firing.get(source);
    if (current == null) {
      firing.put(source, new Firing(severity, level, now, now));
      dispatch(new Alert(now, severity, Alert.Kind.FIRING, source, level, message));
    } else if (!now.isBefore(current.lastSent().plus(reminderInterval))) {
      firing.put(source, new Firing(current.severity(), level, current.since(), now));
      dispatch(new Alert(now, current.severity(), Alert.Kind.REMINDER, source, level,
          "still failing since " + current.since() + ": " + message));
    }
  }

  /** {@code source} passed: a resolved notice if it was failing, nothing otherwise. */
  public synchronized void passed(String source, String message) {
    Firing current = firing.remove(source);
    if (current != null) {
      Instant now = clock.instant();
      dispatch(new Alert(now, current.severity(), Alert.Kind.RESOLVED, source, current.level(),
          "recovered after " + Duration.between(current.since(), now).toSeconds() + " s: " + message));
    }
  }

  /** A one-off alert outside the failing/resolved cycle: a rollback request, a container start. */
  public synchronized void notify(Severity severity, Alert.Kind kind, String source, String level, String message) {
    dispatch(new Alert(clock.instant(), severity, kind, source, level, message));
  }

  public synchronized boolean isFiring(String source) {
    return firing.containsKey(source);
  }

  public List<Alert> history() {
    return history.snapshot();
  }

  private void dispatch(Alert alert) {
    history.add(alert);
    onAlert.accept(alert);
    for (AlertChannel channel : channels) {
      if (!channel.accepts(alert.severity())) {
        continue;
      }
      try {
        channel.send(alert);
      } catch (RuntimeException e) {
        onChannelFailure.accept("alert channel " + channel.name() + " failed: " + e.getMessage());
      }
    }
  }

  @Override
  public void close() {
    for (AlertChannel channel : channels) {
      try {
        channel.close();
      } catch (Exception e) {
        onChannelFailure.accept("alert channel " + channel.name() + " did not close: " + e.getMessage());
      }
    }
  }
}
