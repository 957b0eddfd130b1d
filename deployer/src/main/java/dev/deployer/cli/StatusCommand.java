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
import dev.deployer.rollback.Release;
import dev.deployer.rollback.ReleaseLedger;
import dev.deployer.rollback.RollbackRequest;
import dev.deployer.rollback.RollbackRequests;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
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

  @Mixin
  JsonOption json;

  /** How the environment's engine is reached; a test's stand-in where there is no Docker. */
  Function<DeploymentConfig.DockerSettings, ContainerEngine> engines = Engines.docker();

  /** {@code deployer status --json}: the schema {@value JsonOption#STATUS}. */
  record Status(String schema, String environment, String project, String target, String engine,
      String stateDirectory, CurrentRelease release, LockCommand.Lock lock, List<PendingRollback> pendingRollbacks,
      List<String> traffic, List<String> services, List<Container> containers) {}

  record CurrentRelease(String id, String status, Instant created, String user) {
    static CurrentRelease of(Release release) {
      return new CurrentRelease(release.id(), release.status().label(), release.created(), release.user());
    }
  }

  record PendingRollback(String id, String fromRelease, String toRelease, String reason, String approve) {}

  record Container(String name, String state, String health, String image) {}

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    DeployRequest request = stack.request(System.getenv());
    // The same loading and target resolution as the pipeline and the monitor.
    DeployContext context = new DeployContext(request, EventSink.NONE, engines);
    try {
      LoadedStack loaded = context.load();
      DeploymentConfig config = loaded.config();
      StackContainers stackContainers = context.containers();
      CurrentRelease release = new ReleaseLedger(request.stateDirectory()).current().map(CurrentRelease::of)
          .orElse(null);
      LockCommand.Lock lock = LockCommand.Lock.of(
          new DeployLock(context.engine(), context.project().name(), request.environment()).status());
      List<PendingRollback> pending = new RollbackRequests(request.stateDirectory()).pending().stream()
          .map(waiting -> new PendingRollback(waiting.id(), waiting.fromRelease(), waiting.toRelease(),
              waiting.reason(), "deployer rollback --env " + config.environment() + " --approve " + waiting.id()))
          .toList();
      List<String> traffic = context.target().traffic(context);
      List<String> services = context.target().services(context);
      // On the swarm target: the stack's task containers on this node.
      List<Container> containers = context.engine().containers(stackContainers.ofStack()).stream()
          .sorted(Comparator.comparing(ContainerInfo::name))
          .map(c -> new Container(c.name(), c.state(), c.health(), c.image())).toList();
      Status status = new Status(JsonOption.STATUS, config.environment(), config.project(),
          loaded.target().name().equals(SwarmTarget.NAME) ? "swarm" : "compose", config.docker().host(),
          request.stateDirectory().toString(), release, lock, pending, traffic, services, containers);
      if (json.enabled) {
        JsonOption.print(spec.commandLine().getOut(), status);
      } else {
        print(status);
      }
      return ExitCodes.OK;
    } catch (PipelineException e) {
      err.println("error: " + e.getMessage());
      return ExitCodes.of(e.kind());
    } catch (EngineUnavailableException e) {
      err.println("error: " + e.getMessage());
      return ExitCodes.ENGINE_UNAVAILABLE;
    } finally {
      context.closeEngine();
      err.flush();
    }
  }

  private void print(Status status) {
    PrintWriter out = spec.commandLine().getOut();
    Ansi ansi = spec.commandLine().getColorScheme().ansi();
    out.printf("environment %s, %s %s, engine %s%n", status.environment(),
        status.target().equals("swarm") ? "swarm stack" : "project", status.project(), status.engine());
    CurrentRelease release = status.release();
    out.println(release == null ? "release     none recorded" : ansi.string("release     " + release.id() + " ("
        + Colors.verdict(release.status()) + ", " + release.created() + " by " + release.user() + ")"));
    out.println("state       " + status.stateDirectory());
    out.println(ansi.string("lock        " + status.lock().describe()));
    for (PendingRollback waiting : status.pendingRollbacks()) {
      out.println(ansi.string(Colors.verdict("PENDING") + "     rollback " + waiting.id() + " from "
          + waiting.fromRelease() + ": " + waiting.reason() + " (approve: " + waiting.approve() + ")"));
    }
    status.traffic().forEach(line -> out.println("traffic     " + line));
    status.services().forEach(line -> out.println("service     " + line));
    if (status.containers().isEmpty()) {
      out.println("containers  none");
    } else {
      Table table = new Table("CONTAINER", "STATE", "HEALTH", "IMAGE").indent("  ");
      status.containers().forEach(c -> table.row(c.name(), Colors.verdict(c.state()), Colors.verdict(c.health()),
          c.image()));
      table.print(out, ansi);
    }
    out.flush();
  }
}
