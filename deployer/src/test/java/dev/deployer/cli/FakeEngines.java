package dev.deployer.cli;

import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.engine.ContainerEngine;
import java.io.Closeable;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** An engine with nothing running on it, for commands tested without Docker; anything else it is asked throws. */
final class FakeEngines {

  private FakeEngines() {}

  static Function<DeploymentConfig.DockerSettings, ContainerEngine> empty() {
    ContainerEngine engine = (ContainerEngine) Proxy.newProxyInstance(FakeEngines.class.getClassLoader(),
        new Class<?>[] {ContainerEngine.class}, (proxy, method, args) -> switch (method.getName()) {
          case "containers", "keptContainers", "networks", "volumes" -> List.of();
          case "stats", "container", "imageConfig", "containerSettings", "imageId" -> Optional.empty();
          case "events" -> (Closeable) () -> { };
          case "close", "info" -> null;
          case "toString" -> "empty engine";
          default -> throw new UnsupportedOperationException(method.getName());
        });
    return settings -> engine;
  }
}
