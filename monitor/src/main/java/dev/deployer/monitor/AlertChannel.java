package dev.deployer.monitor;

/** Where alerts go: the log, the console, a webhook. */
public interface AlertChannel extends AutoCloseable {

  String name();

  /** Whether this channel wants alerts of this severity. */
  boolean accepts(Severity severity);

  /** Delivers the alert. May throw; the alert manager counts the failure and carries on. */
  void send(Alert alert);

  @Override
  default void close() {}
}
