package dev.deployer.cli;

import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.engine.EngineUnavailableException;
import dev.deployer.infrastructure.event.EventSink;
import dev.deployer.infrastructure.lock.DeployLock;
import dev.deployer.infrastructure.stack.StackContainers;
import dev.deployer.pipeline.DeployRequest;
import dev.deployer.pipeline.DeployContext;
import dev.deployer.pipeline.LoadedStack;
import dev.deployer.pipeline.PipelineException;
import dev.deployer.pipeline.swarm.SwarmTarget;
import dev.deployer.rollback.ReleaseLedger;
import dev.deployer.rollback.RollbackRequest;
import dev.deployer.rollback.RollbackRequests;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show an environment at a glance: the release running, each container's state and health, "
        + "the deploy lock, and rollback requests waiting for approval.")
final class StatusCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  StackOptions stack;

  /** How the environment's engine is reached; a test's stand-in where there is no Docker. */
  Function<DeploymentConfig.DockerSettings, ContainerEngine> engines = Engines.docker();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    DeployRequest request = stack.request(System.getenv());
    // The same loading and target resolution as the pipeline and the monitor.
    DeployContext context = new DeployContext(request, EventSink.NONE, engines);
    DeploymentConfig config;
    boolean swarm;
    StackContainers stackContainers;
    try {
      LoadedStack loaded = context.load();
      config = loaded.config();
      swarm = loaded.target().name().equals(SwarmTarget.NAME);
      stackContainers = context.containers();
    } catch (PipelineException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return ExitCodes.of(e.kind());
    }
    out.printf("environment %s, %s %s, engine %s%n", config.environment(), swarm ? "swarm stack" : "project",
        config.project(), config.docker().host());
    new ReleaseLedger(request.stateDirectory()).current().ifPresentOrElse(
        release -> out.printf("release     %s (%s, %s by %s)%n", release.id(), release.status(), release.created(),
            release.user()),
        () -> out.println("release     none recorded"));
    out.println("state       " + request.stateDirectory());
    out.println("lock        " + new DeployLock(context.engine(), context.project().name(), request.environment()).status()
        .map(state -> state.info().describe() + (state.stale() ? " - STALE: " + state.staleReason() : ""))
        .orElse("free"));
    List<RollbackRequest> pending = new RollbackRequests(request.stateDirectory()).pending();
    for (RollbackRequest waiting : pending) {
      out.printf("PENDING     rollback %s from %s: %s (approve: deployer rollback --env %s --approve %s)%n",
          waiting.id(), waiting.fromRelease(), waiting.reason(), config.environment(), waiting.id());
    }
    try {
      for (String line : context.target().traffic(context)) {
        out.println("traffic     " + line);
      }
      // On the swarm target: the stack's task containers on this node.
      List<ContainerInfo> containers = context.engine().containers(stackContainers.ofStack()).stream()
          .sorted(Comparator.comparing(ContainerInfo::name)).toList();
      if (containers.isEmpty()) {
        out.println("containers  none");
      }
      for (ContainerInfo container : containers) {
        out.printf("  %-28s %-10s %-10s %s%n", container.name(), container.state(),
            container.health() == null ? "-" : container.health(), container.image());
      }
    } catch (EngineUnavailableException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return ExitCodes.ENGINE_UNAVAILABLE;
    } finally {
      context.closeEngine();
    }
    out.flush();
    return ExitCodes.OK;
  }
}
