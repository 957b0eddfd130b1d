package dev.deployer.cli;

import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.engine.SwarmEngine;
import dev.deployer.pipeline.swarm.SwarmTarget;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "swarm", mixinStandardHelpOptions = true,
    description = "Swarm mode of the environment's engine, for the swarm target: status, init, leave.",
    subcommands = {SwarmCommand.Status.class, SwarmCommand.Init.class, SwarmCommand.Leave.class})
final class SwarmCommand extends CommandGroup {


  /** Runs {@code action} against the engine the environment names; a bad config is exit 2. */
  static int withEngine(CommandSpec spec, StackOptions stack, EngineAction action) {
    Optional<DeploymentConfig> loaded = stack.config(spec.commandLine().getErr());
    if (loaded.isEmpty()) {
      return ExitCodes.USAGE;
    }
    DeploymentConfig config = loaded.get();
    PrintWriter out = spec.commandLine().getOut();
    try (SwarmEngine swarm = SwarmTarget.ENGINES.apply(config.docker())) {
      int code = action.run(swarm, out, config.docker().host());
      out.flush();
      return code;
    }
  }

  @FunctionalInterface
  interface EngineAction {
    int run(SwarmEngine swarm, PrintWriter out, String host);
  }

  static String describe(SwarmEngine.SwarmState state) {
    return state.active()
        ? "active, node " + state.nodeId() + " at " + state.nodeAddress() + (state.manager() ? " (manager)" : " (worker)")
            + ", " + state.nodes() + " node(s), " + state.managers() + " manager(s)"
        : state.localNodeState() + (state.error() == null || state.error().isBlank() ? "" : ": " + state.error());
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "Whether the engine is in a swarm, and its nodes.")
  static final class Status implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptions stack;

    @Override
    public Integer call() {
      return withEngine(spec, stack, (swarm, out, host) -> {
        out.println("swarm " + describe(swarm.swarm()) + " (engine " + host + ")");
        return ExitCodes.OK;
      });
    }
  }

  @Command(name = "init", mixinStandardHelpOptions = true,
      description = "Make the engine a single-node swarm manager, like `docker swarm init`; nothing to do when it is one.")
  static final class Init implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptions stack;

    @Option(names = "--advertise-addr", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
        description = "Address other nodes would reach this manager at. Default: ${DEFAULT-VALUE}.")
    String advertiseAddress;

    @Override
    public Integer call() {
      return withEngine(spec, stack, (swarm, out, host) -> {
        if (swarm.swarm().active()) {
          out.println("swarm already " + describe(swarm.swarm()));
          return ExitCodes.OK;
        }
        swarm.init(advertiseAddress);
        out.println("swarm " + describe(swarm.swarm()));
        return ExitCodes.OK;
      });
    }
  }

  @Command(name = "leave", mixinStandardHelpOptions = true,
      description = {"Leave swarm mode, like `docker swarm leave`, and give running containers back their names on"
          + " their bridge networks (leaving drops them: moby/moby#45144), so Compose stacks keep finding each other.",
          "The last manager leaving removes every Swarm service, so that needs --force."})
  static final class Leave implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptions stack;

    @Option(names = "--force", description = "Leave even as the last manager, which removes every Swarm service.")
    boolean force;

    @Override
    public Integer call() {
      return withEngine(spec, stack, (swarm, out, host) -> {
        SwarmEngine.SwarmState state = swarm.swarm();
        if (!state.active()) {
          out.println("not in a swarm (" + state.localNodeState() + "); nothing to leave");
          return ExitCodes.OK;
        }
        if (state.manager() && state.managers() == 1 && !force) {
          spec.commandLine().getErr().println("error: this engine is the swarm's last manager; leaving removes every"
              + " Swarm service. Run again with --force to leave anyway.");
          return ExitCodes.USAGE;
        }
        swarm.leave(force);
        out.println("left the swarm; containers reconnected to their networks");
        return ExitCodes.OK;
      });
    }
  }
}
