package dev.deployer.monitor;

import dev.deployer.infrastructure.check.Check;
import dev.deployer.infrastructure.check.CheckResult;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** A check whose verdict the test sets. */
final class ScriptedCheck implements Check {

  final AtomicBoolean failing = new AtomicBoolean();
  final AtomicInteger runs = new AtomicInteger();
  private final String name;
  private final String level;

  ScriptedCheck(String name, String level) {
    this.name = name;
    this.level = level;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String category() {
    return level;
  }

  @Override
  public CheckResult run() {
    runs.incrementAndGet();
    Duration took = Duration.ofMillis(5 + runs.get() % 7);
    return failing.get() ? CheckResult.fail(this, "UP", "503 DOWN", took) : CheckResult.pass(this, "UP", "200 UP", took);
  }
}
