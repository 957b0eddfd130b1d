package dev.deployer.infrastructure.swarm;

import dev.deployer.infrastructure.check.CheckResult;
import dev.deployer.infrastructure.check.NamedCheck;
import dev.deployer.infrastructure.engine.SwarmEngine;
import dev.deployer.infrastructure.engine.SwarmEngine.SwarmService;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Passes when a Swarm service runs its desired replicas of the current spec, healthy, with no
 * update under way and no task failed since the previous run of this check (or its creation).
 */
public final class SwarmServiceCheck extends NamedCheck {

  private final SwarmEngine engine;
  private final String serviceName;
  private Instant since;

  public SwarmServiceCheck(String name, String category, SwarmEngine engine, String serviceName, Instant since) {
    super(name, category);
    this.engine = engine;
    this.serviceName = serviceName;
    this.since = since;
  }

  @Override
  public synchronized CheckResult run() {
    long start = System.nanoTime();
    Instant now = Instant.now();
    String expected = "desired replicas running and healthy, no failed task";
    try {
      Optional<SwarmService> service = engine.service(serviceName);
      if (service.isEmpty()) {
        return CheckResult.fail(this, expected, "no service " + serviceName, since(start));
      }
      ServiceStatus status = ServiceStatus.of(engine, service.get(), engine.tasks(service.get().id()), since);
      return status.state() == ServiceStatus.State.READY
          ? CheckResult.pass(this, expected, status.detail(), since(start))
          : CheckResult.fail(this, expected, status.state().name().toLowerCase() + ": " + status.detail(),
              since(start));
    } catch (RuntimeException e) {
      return CheckResult.fail(this, expected, "cannot inspect: " + e.getMessage(), since(start));
    } finally {
      since = now;
    }
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
