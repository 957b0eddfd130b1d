package dev.deployer.cli;

import dev.deployer.infrastructure.lock.DeployLock;
import dev.deployer.infrastructure.lock.LockHeldException;
import dev.deployer.infrastructure.lock.LockInfo;
import dev.deployer.infrastructure.lock.LockState;
import dev.deployer.rollback.Actor;
import dev.deployer.rollback.AuditLog;
import dev.deployer.rollback.AuditRecord;
import dev.deployer.infrastructure.event.EventSink;
import dev.deployer.pipeline.DeployContext;
import dev.deployer.pipeline.DeployRequest;
import dev.deployer.pipeline.LoadStep;
import dev.deployer.pipeline.PipelineException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "lock", mixinStandardHelpOptions = true,
    description = {"Show, take or release the deploy lock of an environment (one deploy at a time).",
        "The lock is a container <project>-deploy-lock on the environment's engine, created and never started:"
            + " every client of that engine sees it, from any directory or machine."},
    subcommands = {LockCommand.Status.class, LockCommand.Acquire.class, LockCommand.Release.class})
final class LockCommand extends CommandGroup {

  /** What a lock subcommand does with the environment's lock, once it is found. */
  interface LockAction {
    int run(DeployLock lock, DeployRequest request, PrintWriter out, PrintWriter err);
  }

  /** Finds the environment's project and engine as a deploy does, and runs {@code action} on its lock. */
  static int onLock(CommandSpec spec, StackOptions stack, LockAction action) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DeployRequest request = stack.request(System.getenv());
    DeployContext context = new DeployContext(request, EventSink.NONE, stack.engines);
    try {
      new LoadStep().run(context);
      return action.run(new DeployLock(context.engine(), context.project().name(), request.environment()), request,
          out, err);
    } catch (PipelineException e) {
      err.println("error: " + e.getMessage());
      return ExitCodes.of(e.kind());
    } finally {
      context.closeEngine();
      out.flush();
      err.flush();
    }
  }

  /** The lock as {@code status --json} and {@code lock status --json} show it; {@code held} false: free. */
  record Lock(boolean held, String owner, String host, Long pid, Instant started, Instant expires, String command,
      String message, boolean stale, String staleReason) {

    static Lock of(Optional<LockState> state) {
      if (state.isEmpty()) {
        return new Lock(false, null, null, null, null, null, null, null, false, null);
      }
      LockInfo info = state.get().info();
      return new Lock(true, info.owner(), info.host(), info.pid(), info.started(), info.expires(), info.command(),
          info.message(), state.get().stale(), state.get().staleReason());
    }

    /** One line, the stale verdict marked up for colour. */
    String describe() {
      if (!held) {
        return Colors.verdict("free");
      }
      return owner + "@" + host + " (pid " + pid + ") since " + started + " for " + command
          + (message == null || message.isBlank() ? "" : ": " + message)
          + (stale ? " - " + Colors.verdict("STALE") + ": " + staleReason : "");
    }
  }

  /** {@code deployer lock status --json}: the schema {@value JsonOption#LOCK}. */
  record LockStatus(String schema, String environment, Lock lock) {}

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

    @Mixin
    JsonOption json;

    @Override
    public Integer call() {
      return onLock(spec, stack, (lock, request, out, err) -> {
        Optional<LockState> state = lock.status();
        if (json.enabled) {
          JsonOption.print(out, new LockStatus(JsonOption.LOCK, stack.environment, Lock.of(state)));
          return ExitCodes.OK;
        }
        out.println(spec.commandLine().getColorScheme().ansi().string(stack.environment + ": "
            + state.map(held -> LockCommand.describe(held).replace("STALE", Colors.verdict("STALE")))
                .orElse(Colors.verdict("unlocked"))));
        return ExitCodes.OK;
      });
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

    @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "60m", converter = Durations.Minutes.class,
        description = "After this it is stale, e.g. 90m or 2h; a bare number is minutes. Default: ${DEFAULT-VALUE}.")
    Duration ttl;

    @Override
    public Integer call() {
      Actor actor = Actor.current(System.getenv());
      return onLock(spec, stack, (lock, request, out, err) -> {
        try {
          DeployLock.Acquired acquired = lock.acquire(actor.user(), "lock acquire", message,
              ttl, false);
          if (acquired.replaced() != null) {
            new AuditLog(request.stateDirectory()).append(AuditRecord.of(stack.environment, "lock-override", actor,
                acquired.replaced().staleReason(), null, null, "taken over",
                Map.of("previousOwner", acquired.replaced().info().describe())));
          }
          out.println(stack.environment + ": lock acquired by " + actor + " until " + acquired.info().expires());
          return ExitCodes.OK;
        } catch (LockHeldException e) {
          err.println("error: " + e.getMessage());
          return ExitCodes.LOCK_HELD;
        }
      });
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
      Actor actor = Actor.current(System.getenv());
      return onLock(spec, stack, (lock, request, out, err) -> {
        Optional<LockState> state = lock.status();
        if (state.isEmpty()) {
          out.println(stack.environment + ": not locked");
          return ExitCodes.OK;
        }
        boolean ours = actor.user().equals(state.get().info().owner());
        if (!ours && !state.get().stale() && !force) {
          err.println("error: " + stack.environment + " is " + describe(state.get())
              + "; pass --force to release it anyway");
          return ExitCodes.LOCK_HELD;
        }
        lock.forceRelease();
        if (!ours) {
          new AuditLog(request.stateDirectory()).append(AuditRecord.of(stack.environment, "lock-override", actor,
              reason != null ? reason : state.get().stale() ? state.get().staleReason() : "forced release", null,
              null, "released", Map.of("previousOwner", state.get().info().describe())));
        }
        out.println(stack.environment + ": lock released (was " + describe(state.get()) + ")");
        return ExitCodes.OK;
      });
    }
  }
}
