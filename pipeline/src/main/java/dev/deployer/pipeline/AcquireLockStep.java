package dev.deployer.pipeline;

import dev.deployer.infrastructure.check.CheckResult;
import dev.deployer.infrastructure.lock.DeployLock;
import dev.deployer.infrastructure.lock.LockHeldException;
import dev.deployer.rollback.Actor;
import dev.deployer.rollback.AuditLog;
import dev.deployer.rollback.AuditRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Step 3: one deploy per project at a time, locked on the engine the stack runs on, so every
 * client of that engine sees it. The lock is released when the run ends, however it ends (a signal
 * included); a stale lock (TTL passed, or its process gone) is taken over and the takeover
 * audited. A live lock held by someone else stops the run with nothing changed.
 */
public final class AcquireLockStep implements Step {

  /** How often a run renews its lock: a run longer than the TTL (a large backup) keeps it. */
  static final Duration RENEWAL_PERIOD = DeployLock.DEFAULT_TTL.dividedBy(3);

  private final String command;

  public AcquireLockStep(String command) {
    this.command = command;
  }

  @Override
  public String name() {
    return "acquire lock";
  }

  @Override
  public void run(DeployContext context) throws PipelineException {
    String environment = context.request().environment();
    DeployLock lock = new DeployLock(context.engine(), context.project().name(), environment);
    Actor actor = Actor.current(context.request().processEnvironment());
    try {
      DeployLock.Acquired acquired = lock.acquire(actor.user(), command, "release " + context.release(),
          DeployLock.DEFAULT_TTL);
      DeployLock.Renewal renewal = lock.keepRenewed(acquired.info().token(), RENEWAL_PERIOD);
      context.onFinish((failure, interrupted) -> {
        renewal.close();
        lock.release(acquired.info().token());
        return failure;
      });
      if (acquired.replaced() != null) {
        context.events().warning(name(), "took over a stale lock of " + acquired.replaced().info().describe()
            + ": " + acquired.replaced().staleReason());
        new AuditLog(context.stateDirectory()).append(AuditRecord.of(environment, "lock-override", actor,
            acquired.replaced().staleReason(), null, context.release(), "taken over",
            Map.of("previousOwner", acquired.replaced().info().describe())));
      }
      context.checks().add(check(CheckResult.Verdict.PASS, "free", "acquired by " + actor));
      context.events().progress(name(), "lock " + lock.location() + " held by " + actor + " (TTL "
          + DeployLock.DEFAULT_TTL.toMinutes() + " min, renewed every " + RENEWAL_PERIOD.toMinutes() + " min)");
    } catch (LockHeldException e) {
      context.checks().add(check(CheckResult.Verdict.FAIL, "free", "held by " + e.holder().info().describe()));
      throw new PipelineException(PipelineException.Kind.LOCK_HELD, e.getMessage() + "; nothing was changed");
    }
  }

  private static CheckResult check(CheckResult.Verdict verdict, String expected, String actual) {
    return new CheckResult("deploy lock", "pre-deployment", verdict, expected, actual, Duration.ZERO, Instant.now());
  }
}
