package dev.deployer.cli;

import dev.deployer.infrastructure.lock.DeployLock;
import dev.deployer.infrastructure.lock.LockHeldException;
import dev.deployer.infrastructure.lock.LockState;
import dev.deployer.rollback.Actor;
import dev.deployer.rollback.AuditLog;
import dev.deployer.rollback.AuditRecord;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "lock", mixinStandardHelpOptions = true,
    description = "Show, take or release the deploy lock of an environment (one deploy at a time).",
    subcommands = {LockCommand.Status.class, LockCommand.Acquire.class, LockCommand.Release.class})
final class LockCommand extends CommandGroup {


  static Path state(StackOptions stack) {
    return stack.request(System.getenv()).stateDirectory();
  }

  static String describe(LockState state) {
    return "held by " + state.info().describe() + ", expires " + state.info().expires()
        + (state.stale() ? " - STALE: " + state.staleReason() : "");
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "Who holds the lock, if anyone, and whether it is stale.")
  static final class Status implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptions stack;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      Optional<LockState> state = new DeployLock(state(stack), stack.environment).status();
      out.println(stack.environment + ": " + state.map(LockCommand::describe).orElse("unlocked"));
      out.flush();
      return ExitCodes.OK;
    }
  }

  @Command(name = "acquire", mixinStandardHelpOptions = true,
      description = {"Take the lock by hand, e.g. for maintenance: deploys wait (exit 6) until it is released or its TTL passes.",
          "Exit code 6 when someone else holds it."})
  static final class Acquire implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptions stack;

    @Option(names = "--message", paramLabel = "TEXT", description = "Why, shown to whoever finds the lock.")
    String message;

    @Option(names = "--ttl", paramLabel = "MINUTES", defaultValue = "60", description = "After this it is stale. Default: ${DEFAULT-VALUE}.")
    long ttlMinutes;

    @Override
    public Integer call() {
      Actor actor = Actor.current(System.getenv());
      try {
        DeployLock.Acquired acquired = new DeployLock(state(stack), stack.environment)
            .acquire(actor.user(), "lock acquire", message, Duration.ofMinutes(ttlMinutes), false);
        if (acquired.replaced() != null) {
          new AuditLog(state(stack)).append(AuditRecord.of(stack.environment, "lock-override", actor,
              acquired.replaced().staleReason(), null, null, "taken over",
              Map.of("previousOwner", acquired.replaced().info().describe())));
        }
        spec.commandLine().getOut().println(stack.environment + ": lock acquired by " + actor + " until "
            + acquired.info().expires());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
      } catch (LockHeldException e) {
        spec.commandLine().getErr().println("error: " + e.getMessage());
        spec.commandLine().getErr().flush();
        return ExitCodes.LOCK_HELD;
      }
    }
  }

  @Command(name = "release", mixinStandardHelpOptions = true,
      description = {"Release the lock: your own, or a stale one. Someone else's live lock needs --force (audited).",
          "Exit code 6 when the lock is someone else's and --force is not given."})
  static final class Release implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptions stack;

    @Option(names = "--force", description = "Release it even if another user's deploy holds it.")
    boolean force;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the audit trail.")
    String reason;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      Actor actor = Actor.current(System.getenv());
      DeployLock lock = new DeployLock(state(stack), stack.environment);
      Optional<LockState> state = lock.status();
      if (state.isEmpty()) {
        out.println(stack.environment + ": not locked");
        out.flush();
        return ExitCodes.OK;
      }
      boolean ours = actor.user().equals(state.get().info().owner());
      if (!ours && !state.get().stale() && !force) {
        spec.commandLine().getErr().println("error: " + stack.environment + " is " + describe(state.get())
            + "; pass --force to release it anyway");
        spec.commandLine().getErr().flush();
        return ExitCodes.LOCK_HELD;
      }
      lock.forceRelease();
      if (!ours) {
        new AuditLog(state(stack)).append(AuditRecord.of(stack.environment, "lock-override", actor,
            reason != null ? reason : state.get().stale() ? state.get().staleReason() : "forced release", null, null,
            "released", Map.of("previousOwner", state.get().info().describe())));
      }
      out.println(stack.environment + ": lock released (was " + describe(state.get()) + ")");
      out.flush();
      return ExitCodes.OK;
    }
  }
}
