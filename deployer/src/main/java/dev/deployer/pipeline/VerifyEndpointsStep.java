package dev.deployer.pipeline;

import dev.deployer.infrastructure.check.Check;
import dev.deployer.infrastructure.check.CheckResult;
import dev.deployer.infrastructure.check.HttpCheck;
import dev.deployer.infrastructure.check.RuleCheck;
import dev.deployer.infrastructure.check.TcpCheck;
import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.compose.PortMapping;
import dev.deployer.infrastructure.engine.ContainerSpec;
import dev.deployer.infrastructure.stack.ComposeLabels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;

/**
 * Verifies what a client sees: every published port accepts connections, and every service that
 * declares a health path (label {@value #HEALTH_PATH}) answers it with 200 and status UP.
 */
public final class VerifyEndpointsStep implements Step {

  public static final String HEALTH_PATH = "dev.deployer.health.path";

  @Override
  public String name() {
    return "verify endpoints";
  }

  @Override
  public void run(DeployContext context) throws PipelineException {
    Duration maxResponse = context.config().validation().maxResponseTime();
    OkHttpClient http = new OkHttpClient.Builder()
        .callTimeout(maxResponse.plusSeconds(5))
        .retryOnConnectionFailure(false)
        .build();
    List<Check> checks = new ArrayList<>();
    for (ComposeService service : context.project().services().values()) {
      for (PortMapping port : service.ports()) {
        if (port.published().isEmpty() || !"tcp".equals(port.protocol())) {
          continue;
        }
        String host = host(context, port);
        int published = port.publishedPort() > 0 ? port.publishedPort() : boundPort(context, service, port);
        if (published < 0) {
          String name = "port " + service.name() + " " + port.published() + "->" + port.target();
          checks.add(new RuleCheck(name, "ports", "a host port in " + port.published(),
              () -> List.of("no host port bound to " + port.target())));
          continue;
        }
        checks.add(new TcpCheck("port " + service.name() + " " + published + "->" + port.target(), "ports",
            host, published, Duration.ofSeconds(3)));
        String path = service.labels().get(HEALTH_PATH);
        if (path != null && port.equals(service.ports().get(0))) {
          checks.add(new HttpCheck("health " + service.name(), "health", "http://" + host + ":" + published + path,
              200, Map.of("status", "UP"), maxResponse, http, Map.of()));
        }
      }
    }
    List<CheckResult> failed = new ArrayList<>();
    for (Check check : checks) {
      CheckResult result = check.run();
      context.checks().add(result);
      context.events().progress(name(), result.verdict() + " " + result.name() + ": " + result.actual());
      if (result.failed()) {
        failed.add(result);
      }
    }
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    if (!failed.isEmpty()) {
      throw new PipelineException(PipelineException.Kind.VERIFICATION_FAILED,
          failed.size() + " of " + checks.size() + " endpoint checks failed", failed, List.of(), null);
    }
  }

  /** A range ("8000-8002:80") lets the engine pick the host port: the one bound, read from the container. */
  private static int boundPort(DeployContext context, ComposeService service, PortMapping port) {
    return context.engine().containers(ComposeLabels.service(context.project().name(), service.name())).stream()
        .flatMap(container -> container.ports().stream())
        .filter(bound -> bound.containerPort() == port.target() && bound.protocol().equals(port.protocol()))
        .mapToInt(ContainerSpec.PublishedPort::hostPort)
        .filter(hostPort -> hostPort > 0)
        .findFirst().orElse(-1);
  }

  /** Where a client reaches the port: its specific loopback address, else the environment's published host. */
  static String host(DeployContext context, PortMapping port) {
    String published = context.publishedHost();
    boolean loopback = published.equals("127.0.0.1");
    boolean specific = !port.hostIp().isEmpty() && !port.hostIp().equals("0.0.0.0") && !port.hostIp().equals("::");
    return loopback && specific ? port.hostIp() : published;
  }
}
