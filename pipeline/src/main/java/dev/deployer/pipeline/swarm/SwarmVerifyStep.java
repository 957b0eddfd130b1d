package dev.deployer.pipeline.swarm;

import dev.deployer.infrastructure.check.Check;
import dev.deployer.infrastructure.check.CheckResult;
import dev.deployer.infrastructure.check.ContainerStateCheck;
import dev.deployer.infrastructure.check.HttpCheck;
import dev.deployer.infrastructure.check.TcpCheck;
import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.config.SwarmSettings;
import dev.deployer.infrastructure.engine.SwarmEngine;
import dev.deployer.infrastructure.engine.SwarmEngine.SwarmService;
import dev.deployer.infrastructure.engine.SwarmEngine.SwarmTask;
import dev.deployer.infrastructure.http.HttpClients;
import dev.deployer.infrastructure.stack.ServiceEndpoint;
import dev.deployer.infrastructure.swarm.EdgeProxy;
import dev.deployer.infrastructure.swarm.ServiceStatus;
import dev.deployer.infrastructure.swarm.SwarmLabels;
import dev.deployer.infrastructure.swarm.SwarmServiceCheck;
import dev.deployer.pipeline.DeployContext;
import dev.deployer.pipeline.PipelineException;
import dev.deployer.pipeline.Step;
import dev.deployer.pipeline.VerifyEndpointsStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import okhttp3.OkHttpClient;

/**
 * The swarm target's verification, with the same checks as on one host: every service runs its
 * desired replicas (and each task's container on this node is running and healthy), every
 * published port accepts connections, and every service with a health path answers it with 200
 * and status UP through the published port.
 */
public final class SwarmVerifyStep implements Step {

  private final Function<DeploymentConfig.DockerSettings, SwarmEngine> engines;

  public SwarmVerifyStep() {
    this(SwarmTarget.ENGINES);
  }

  public SwarmVerifyStep(Function<DeploymentConfig.DockerSettings, SwarmEngine> engines) {
    this.engines = engines;
  }

  @Override
  public String name() {
    return "verify endpoints";
  }

  @Override
  public void run(DeployContext context) throws PipelineException {
    Duration maxResponse = context.config().validation().maxResponseTime();
    OkHttpClient http = HttpClients.checks(maxResponse);
    List<CheckResult> failed = new ArrayList<>();
    int total;
    try (SwarmEngine swarm = engines.apply(context.config().docker())) {
      SwarmEngine.SwarmState state = SwarmPreDeployChecksStep.requireManager(swarm);
      List<Check> checks = new ArrayList<>();
      for (SwarmService service : swarm.services(SwarmLabels.stack(context.project().name()))) {
        checks.add(new SwarmServiceCheck("service " + service.name(), "swarm", swarm, service.name(),
            context.started()));
        for (SwarmTask task : swarm.tasks(service.id())) {
          // Containers on other nodes are not visible through this engine; Swarm's own state covers them.
          if (task.wanted() && task.running() && state.nodeId().equals(task.nodeId())
              && ServiceStatus.isCurrent(service, task)) {
            checks.add(new ContainerStateCheck("task " + ServiceStatus.taskName(service, task), "containers",
                context.engine(), Map.of(SwarmLabels.TASK_ID, task.id())));
          }
        }
      }
      checks.addAll(endpointChecks(context, context.stack().swarm(), maxResponse, http));
      total = checks.size();
      for (Check check : checks) {
        CheckResult result = check.run();
        context.checks().add(result);
        context.events().progress(name(), result.verdict() + " " + result.name() + ": " + result.actual());
        if (result.failed()) {
          failed.add(result);
        }
      }
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
    if (!failed.isEmpty()) {
      throw new PipelineException(PipelineException.Kind.VERIFICATION_FAILED,
          failed.size() + " of " + total + " swarm checks failed", failed, List.of(), null);
    }
  }

  /** A TCP check per published port, and the health path through the first port of each service that has one. */
  private static List<Check> endpointChecks(DeployContext context, SwarmSettings settings, Duration maxResponse,
      OkHttpClient http) {
    String host = context.publishedHost();
    List<EdgeProxy.Route> routes = new ArrayList<>();
    if (settings.publish() == SwarmSettings.PublishMode.EDGE) {
      routes.addAll(EdgeProxy.routes(context.project(), settings, VerifyEndpointsStep.HEALTH_PATH));
    } else {
      for (ComposeService service : context.project().services().values()) {
        if (!settings.service(service.name()).publish()) {
          continue;
        }
        service.ports().stream().filter(p -> p.publishedPort() > 0 && "tcp".equals(p.protocol()))
            .forEach(p -> routes.add(new EdgeProxy.Route(service.name(), p.publishedPort(), p.target(),
                p.equals(service.ports().get(0)) ? service.labels().get(VerifyEndpointsStep.HEALTH_PATH) : null, 0)));
      }
    }
    List<Check> checks = new ArrayList<>();
    for (EdgeProxy.Route route : routes) {
      checks.add(new TcpCheck("port " + route.service() + " " + route.published() + "->" + route.target(), "ports",
          host, route.published(), Duration.ofSeconds(3)));
      if (route.healthPath() != null) {
        checks.add(new HttpCheck("health " + route.service(), "health",
            new ServiceEndpoint(host, route.published()).url(route.healthPath()), 200, Map.of("status", "UP"), maxResponse,
            http, Map.of()));
      }
    }
    return checks;
  }
}
