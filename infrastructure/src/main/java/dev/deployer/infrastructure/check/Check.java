package dev.deployer.infrastructure.check;

/** One thing to verify about a running stack; shared by verify and the monitor. */
public interface Check {

  String name();

  /** ports, health, performance, resources, security, service, application, dependency, ... */
  String category();

  /** Runs the check once. Never throws: a failure to check is a failed check. */
  CheckResult run();
}
