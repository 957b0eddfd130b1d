package dev.deployer.monitor;

/** How loud an alert is: critical → log, console, rollback check; warning → log, console; info → log. */
public enum Severity {
  CRITICAL,
  WARNING,
  INFO
}
