package dev.deployer.pipeline;

import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.compose.DependsOn;
import dev.deployer.infrastructure.compose.NetworkSpec;
import dev.deployer.infrastructure.compose.VolumeSpec;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.engine.ContainerSpec;
import dev.deployer.infrastructure.stack.ComposeLabels;
import dev.deployer.infrastructure.stack.ContainerSpecFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Step 6: networks, volumes, then one container per service along the dependency graph. A
 * service starts as soon as its own dependencies meet their conditions, so independent services
 * start in parallel. A container whose config hash is unchanged is left running.
 */
public final class StartServicesStep implements Step {

  static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  @Override
  public String name() {
    return "start services";
  }

  @Override
  public void run(DeployContext context) throws PipelineException {
    ComposeProject project = context.project();
    ContainerEngine engine = context.engine();
    for (Map.Entry<String, NetworkSpec> network : project.networks().entrySet()) {
      if (!network.getValue().external()
          && engine.ensureNetwork(network.getValue().name(), ComposeLabels.network(project.name(), network.getKey()))) {
        context.events().progress(name(), "network " + network.getValue().name() + " created");
      }
    }
    for (Map.Entry<String, VolumeSpec> volume : project.volumes().entrySet()) {
      if (!volume.getValue().external()
          && engine.ensureVolume(volume.getValue().name(), ComposeLabels.volume(project.name(), volume.getKey()))) {
        context.events().progress(name(), "volume " + volume.getValue().name() + " created");
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, project.services().size()));
    try {
      Map<String, CompletableFuture<String>> started = new HashMap<>();
      for (List<ComposeService> layer : project.startLayers()) {
        for (ComposeService service : layer) {
          CompletableFuture<?>[] dependencies = service.dependsOn().keySet().stream()
              .map(started::get).filter(f -> f != null).toArray(CompletableFuture[]::new);
          started.put(service.name(), CompletableFuture.allOf(dependencies)
              .thenApplyAsync(ignored -> deployService(context, service, started), pool));
        }
      }
      CompletableFuture.allOf(started.values().toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      while (cause instanceof CompletionException && cause.getCause() != null) {
        cause = cause.getCause();
      }
      if (cause instanceof PipelineFailure failure) {
        throw failure.exception;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw e;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Brings one service to its desired state once its dependencies meet their conditions; returns its container id. */
  private String deployService(DeployContext context, ComposeService service, Map<String, CompletableFuture<String>> started) {
    ContainerEngine engine = context.engine();
    ServiceWaiter waiter = new ServiceWaiter(engine);
    try {
      for (Map.Entry<String, DependsOn> dependency : service.dependsOn().entrySet()) {
        CompletableFuture<String> future = started.get(dependency.getKey());
        if (future != null) {
          waiter.await(dependency.getKey(), future.join(), dependency.getValue().condition(), context.waitTimeout());
        }
      }
      String hash = configHash(service, context.imageIds().get(service.name()));
      ContainerSpec spec = ContainerSpecFactory.create(context.project(), service, context.images().get(service.name()),
          hash, context.release());
      List<ContainerInfo> existing = engine.containers(ComposeLabels.service(context.project().name(), service.name()));
      Optional<ContainerInfo> current = current(existing, hash);
      if (current.isPresent()) {
        if (!current.get().running()) {
          engine.startContainer(current.get().id());
          record(context, service, "started");
        } else {
          record(context, service, "unchanged");
        }
        return current.get().id();
      }
      for (ContainerInfo container : existing) {
        engine.stopContainer(container.id(), STOP_TIMEOUT);
        engine.removeContainer(container.id());
      }
      String id = engine.createContainer(spec);
      engine.startContainer(id);
      record(context, service, existing.isEmpty() ? "created" : "recreated");
      return id;
    } catch (PipelineException e) {
      throw new PipelineFailure(e);
    }
  }

  /**
   * Whether this step would leave every container as it is: one running container per service
   * with the config hash of the service and its image.
   */
  static boolean changesNothing(DeployContext context) {
    ContainerEngine engine = context.engine();
    for (ComposeService service : context.project().services().values()) {
      String hash = configHash(service, context.imageIds().get(service.name()));
      List<ContainerInfo> existing = engine.containers(ComposeLabels.service(context.project().name(), service.name()));
      if (current(existing, hash).filter(ContainerInfo::running).isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /** The service's one container, when it is the only one and made from {@code hash}: nothing to recreate. */
  private static Optional<ContainerInfo> current(List<ContainerInfo> existing, String hash) {
    return existing.size() == 1 && hash.equals(existing.get(0).label(ComposeLabels.CONFIG_HASH))
        ? Optional.of(existing.get(0)) : Optional.empty();
  }

  private void record(DeployContext context, ComposeService service, String action) {
    context.serviceActions().put(service.name(), action);
    context.events().progress(name(), service.name() + " " + action);
  }

  /** The service's resolved configuration and the exact image it runs: any change means a new container. */
  static String configHash(ComposeService service, String imageId) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(service.configHash().getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      digest.update(String.valueOf(imageId).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Carries a checked failure out of a future. */
  private static final class PipelineFailure extends RuntimeException {
    private final PipelineException exception;

    PipelineFailure(PipelineException exception) {
      super(exception.getMessage(), exception, false, false);
      this.exception = exception;
    }
  }
}
