package dev.deployer.monitor;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every alert it is sent. */
final class CapturingChannel implements AlertChannel {

  final List<Alert> alerts = new CopyOnWriteArrayList<>();

  @Override
  public String name() {
    return "capture";
  }

  @Override
  public boolean accepts(Severity severity) {
    return true;
  }

  @Override
  public void send(Alert alert) {
    alerts.add(alert);
  }

  long count(Alert.Kind kind, String source) {
    return alerts.stream().filter(a -> a.kind() == kind && a.source().equals(source)).count();
  }
}
