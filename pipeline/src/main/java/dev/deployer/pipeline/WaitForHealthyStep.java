package dev.deployer.pipeline;

import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.compose.DependsOn;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.http.HttpClients;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import okhttp3.OkHttpClient;

/**
 * Step 7: every service running and healthy by the engine's own health status, within the timeout;
 * a service with a readiness endpoint on a published port is ready as soon as that answers 200
 * (see {@link ReadinessProbe}), even while the engine's next health check has yet to run.
 * A one-shot service is done when it has exited with code 0, as Docker Compose sees it: one that
 * another service depends on with {@code service_completed_successfully}, or one whose restart
 * policy lets it stay exited.
 */
public final class WaitForHealthyStep implements Step {

  @Override
  public String name() {
    return "wait for healthy";
  }

  @Override
  public void run(DeployContext context) throws PipelineException {
    ContainerEngine engine = context.engine();
    ServiceWaiter waiter = new ServiceWaiter(engine, context.events(), name());
    OkHttpClient http = HttpClients.readiness();
    try {
      awaitAll(context, engine, waiter, http);
    } finally {
      HttpClients.release(http);
    }
  }

  private void awaitAll(DeployContext context, ContainerEngine engine, ServiceWaiter waiter, OkHttpClient http)
      throws PipelineException {
    Set<String> jobs = awaitedToComplete(context.project().services().values());
    for (ComposeService service : context.project().services().values()) {
      List<ContainerInfo> containers = engine.containers(context.containers().ofService().apply(service.name()));
      if (containers.isEmpty()) {
        throw new PipelineException(PipelineException.Kind.VERIFICATION_FAILED, "service " + service.name() + " has no container");
      }
      for (ContainerInfo container : containers) {
        ContainerInfo ready;
        if (jobs.contains(service.name())) {
          ready = waiter.await(service.name(), container.id(), DependsOn.Condition.SERVICE_COMPLETED_SUCCESSFULLY,
              context.waitTimeout());
        } else if (mayRunToCompletion(service)) {
          ready = waiter.awaitHealthyOrCompleted(service.name(), container.id(), context.waitTimeout());
        } else {
          Optional<ReadinessProbe> probe = ReadinessProbe.of(context, service, http);
          ready = probe.isPresent()
              ? waiter.awaitReady(service.name(), container.id(), probe.get()::ready, context.waitTimeout())
              : waiter.await(service.name(), container.id(), DependsOn.Condition.SERVICE_HEALTHY, context.waitTimeout());
          if (probe.isPresent() && !ready.healthy()) {
            context.events().progress(name(), service.name() + " ready: " + probe.get().url()
                + " answered 200 (the engine's health check still says " + ready.health() + ")");
            continue;
          }
        }
        context.events().progress(name(), service.name() + " " + describe(ready));
      }
    }
  }

  /** The services some other service waits for with {@code service_completed_successfully}. */
  static Set<String> awaitedToComplete(Collection<ComposeService> services) {
    Set<String> jobs = new TreeSet<>();
    for (ComposeService service : services) {
      service.dependsOn().forEach((dependency, settings) -> {
        if (settings.condition() == DependsOn.Condition.SERVICE_COMPLETED_SUCCESSFULLY) {
          jobs.add(dependency);
        }
      });
    }
    return jobs;
  }

  /** The engine leaves a container that exited 0 stopped unless its policy is "always" or "unless-stopped". */
  static boolean mayRunToCompletion(ComposeService service) {
    String restart = service.restart();
    return restart == null || restart.equals("no") || restart.startsWith("on-failure");
  }

  private static String describe(ContainerInfo container) {
    if (ServiceWaiter.completed(container)) {
      return "completed (exit code 0)";
    }
    return container.health() == null ? "running" : container.health();
  }
}
