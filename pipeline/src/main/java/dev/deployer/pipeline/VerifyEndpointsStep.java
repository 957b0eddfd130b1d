package dev.deployer.pipeline;

import dev.deployer.infrastructure.check.Check;
import dev.deployer.infrastructure.check.CheckResult;
import dev.deployer.infrastructure.check.HttpCheck;
import dev.deployer.infrastructure.check.RuleCheck;
import dev.deployer.infrastructure.check.TcpCheck;
import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.compose.PortMapping;
import dev.deployer.infrastructure.engine.ContainerSpec;
import dev.deployer.infrastructure.http.HttpClients;
import dev.deployer.infrastructure.stack.ComposeLabels;
import dev.deployer.infrastructure.stack.ServiceEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.OkHttpClient;

/**
 * Verifies what a client sees: every published port accepts connections, and every service that
 * declares a health path (label {@value #HEALTH_PATH}) answers it with 200 and status UP.
 */
public final class VerifyEndpointsStep implements Step {

  public static final String HEALTH_PATH = LoadedStack.HEALTH_PATH;

  @Override
  public String name() {
    return "verify endpoints";
  }

  @Override
  public void run(DeployContext context) throws PipelineException {
    Duration maxResponse = context.config().validation().maxResponseTime();
    OkHttpClient http = HttpClients.checks(maxResponse);
    List<Check> checks = new ArrayList<>();
    for (ComposeService service : context.project().services().values()) {
      for (PortMapping port : service.ports()) {
        if (port.published().isEmpty() || !"tcp".equals(port.protocol())) {
          continue;
        }
        boolean first = port.equals(service.ports().get(0));
        Optional<ServiceEndpoint> endpoint = first ? context.endpoint(service) : Optional.empty();
        String host = endpoint.map(ServiceEndpoint::host).orElse(context.stack().host(port));
        int published = endpoint.map(ServiceEndpoint::port)
            .orElse(port.publishedPort() > 0 ? port.publishedPort() : boundPort(context, service, port));
        if (published < 0) {
          String name = "port " + service.name() + " " + port.published() + "->" + port.target();
          checks.add(new RuleCheck(name, "ports", "a host port in " + port.published(),
              () -> List.of("no host port bound to " + port.target())));
          continue;
        }
        checks.add(new TcpCheck("port " + service.name() + " " + published + "->" + port.target(), "ports",
            host, published, Duration.ofSeconds(3)));
        String path = service.labels().get(HEALTH_PATH);
        if (first && path != null) {
          // A port range has no fixed host port: its health URL is on the one bound.
          String url = context.healthUrl(service).orElse("http://" + host + ":" + published + path);
          checks.add(new HttpCheck("health " + service.name(), "health", url, 200, Map.of("status", "UP"),
              maxResponse, http, Map.of()));
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
    HttpClients.release(http);
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
}
