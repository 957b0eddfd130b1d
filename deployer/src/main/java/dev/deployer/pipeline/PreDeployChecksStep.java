package dev.deployer.pipeline;

import dev.deployer.infrastructure.check.CheckResult;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.compose.PortMapping;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.engine.ContainerSpec;
import dev.deployer.infrastructure.host.PortHolders;
import dev.deployer.infrastructure.check.DiskCheck;
import dev.deployer.infrastructure.stack.ComposeLabels;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Step 2: everything that must hold before anything is changed. All checks run and all are
 * reported; if one fails the deploy stops here with nothing touched.
 */
public final class PreDeployChecksStep implements Step {

  @Override
  public String name() {
    return "pre-deployment checks";
  }

  @Override
  public void run(DeployContext context) throws PipelineException {
    ContainerEngine engine = context.engine();
    ContainerEngine.EngineInfo info = engine.info();
    record(context, pass("engine", "engine answers", "Docker " + info.version() + ", API " + info.apiVersion()));

    ComposeProject project = context.project();
    for (ComposeService service : project.services().values()) {
      record(context, imageCheck(engine, service));
    }
    if (isLocal(context.config().docker().host())) {
      CheckResult disk = new DiskCheck("disk " + info.rootDir(), "pre-deployment", DiskCheck.local(Path.of(info.rootDir())),
          context.config().validation().maxDiskPercent()).run();
      record(context, disk);
      Set<Integer> ours = portsHeldByStack(engine, project.name());
      for (ComposeService service : project.services().values()) {
        for (PortMapping port : service.ports()) {
          if (!port.published().isEmpty()) {
            record(context, portCheck(service.name(), port, ours));
          }
        }
      }
    }
    List<CheckResult> failed = context.checks().stream()
        .filter(c -> c.category().equals("pre-deployment") && c.failed()).toList();
    if (!failed.isEmpty()) {
      throw new PipelineException(PipelineException.Kind.PRE_CHECK_FAILED,
          failed.size() + " pre-deployment check(s) failed; nothing was changed", failed, List.of(), null);
    }
  }

  private static void record(DeployContext context, CheckResult result) {
    context.checks().add(result);
    if (result.failed()) {
      context.events().warning("pre-deployment checks", result.name() + ": " + result.actual());
    }
  }

  private static CheckResult imageCheck(ContainerEngine engine, ComposeService service) {
    String name = "image " + service.name();
    if (service.build() != null) {
      Path dockerfile = service.build().context().resolve(service.build().dockerfile());
      return Files.isRegularFile(dockerfile)
          ? pass(name, "buildable", "Dockerfile at " + dockerfile)
          : fail(name, "buildable", "no Dockerfile at " + dockerfile);
    }
    return engine.imageId(service.image()).isPresent()
        ? pass(name, service.image() + " present", "present")
        : fail(name, service.image() + " present", "missing; run scripts/setup.sh to build local images");
  }

  private static CheckResult portCheck(String service, PortMapping port, Set<Integer> ours) {
    int number = Integer.parseInt(port.published());
    String hostIp = port.hostIp().isEmpty() ? "0.0.0.0" : port.hostIp();
    String name = "port " + hostIp + ":" + number + " (" + service + ")";
    String expected = "free or held by this stack";
    if (ours.contains(number)) {
      return pass(name, expected, "held by this stack");
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(hostIp), number));
      return pass(name, expected, "free");
    } catch (IOException e) {
      String holder = PortHolders.find(number).map(h -> "held by " + h).orElse("in use by another process");
      return fail(name, expected, holder + "; stop it or choose another port in the environment's config");
    }
  }

  private static Set<Integer> portsHeldByStack(ContainerEngine engine, String project) {
    Set<Integer> ports = new HashSet<>();
    for (ContainerInfo container : engine.containers(ComposeLabels.project(project))) {
      for (ContainerSpec.PublishedPort port : container.ports()) {
        ports.add(port.hostPort());
      }
    }
    return ports;
  }

  static boolean isLocal(String host) {
    return host.startsWith("unix://") || host.matches("tcp://(localhost|127\\.0\\.0\\.1)(:\\d+)?/?");
  }

  private static CheckResult pass(String name, String expected, String actual) {
    return new CheckResult(name, "pre-deployment", CheckResult.Verdict.PASS, expected, actual, Duration.ZERO, Instant.now());
  }

  private static CheckResult fail(String name, String expected, String actual) {
    return new CheckResult(name, "pre-deployment", CheckResult.Verdict.FAIL, expected, actual, Duration.ZERO, Instant.now());
  }
}
