package dev.deployer.infrastructure.compose;

import java.time.Duration;
import java.util.List;

/**
 * A service health check. A null duration, and retries 0, leave the value to the image or the
 * engine (Docker: 30s interval and timeout, 3 retries). An empty test keeps the image's test.
 * {@code startInterval} needs Engine API 1.44 (Docker 25): like Docker Compose, the deployer
 * refuses to create the container on an older engine rather than let it drop the setting.
 */
public record Healthcheck(
    List<String> test,
    Duration interval,
    Duration timeout,
    int retries,
    Duration startPeriod,
    Duration startInterval,
    boolean disabled) {

  public Healthcheck {
    test = test == null ? List.of() : List.copyOf(test);
  }

  /** True when the check is switched off, by {@code disable: true} or a NONE test. */
  public boolean isDisabled() {
    return disabled || (!test.isEmpty() && "NONE".equals(test.get(0)));
  }
}
