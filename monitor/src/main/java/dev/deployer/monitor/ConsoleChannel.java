package dev.deployer.monitor;

import dev.deployer.infrastructure.event.EventSink;

/** Critical and warning alerts, and their resolved notices, as events the CLI prints. */
public final class ConsoleChannel implements AlertChannel {

  private final EventSink events;

  public ConsoleChannel(EventSink events) {
    this.events = events;
  }

  @Override
  public String name() {
    return "console";
  }

  @Override
  public boolean accepts(Severity severity) {
    return severity != Severity.INFO;
  }

  @Override
  public void send(Alert alert) {
    String text = alert.severity() + " " + alert.kind() + " [" + alert.level() + "] " + alert.source() + ": "
        + alert.message();
    if (alert.kind() == Alert.Kind.RESOLVED) {
      events.progress("monitor", text);
    } else {
      events.warning("monitor", text);
    }
  }
}
