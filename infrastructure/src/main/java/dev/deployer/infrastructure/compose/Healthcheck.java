package dev.deployer.infrastructure.compose;

import java.time.Duration;
import java.util.List;

/**
 * A service health check. Durations and retries are null where the file leaves them to the
 * image / engine defaults; retries is 0 when not set.
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
