package dev.deployer.infrastructure.check;

import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.engine.ContainerStats;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A container engine that answers containers, stats and exec from fields; anything else fails the test. */
final class StubEngine {

  final List<ContainerInfo> containers = new ArrayList<>();
  final Map<String, ContainerStats> stats = new HashMap<>();
  ContainerEngine.ExecResult execResult = new ContainerEngine.ExecResult(0, "", "");
  RuntimeException failure;
  List<String> lastExec;

  @SuppressWarnings("unchecked")
  ContainerEngine engine() {
    return (ContainerEngine) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ContainerEngine.class},
        (proxy, method, args) -> {
          if (failure != null) {
            throw failure;
          }
          return switch (method.getName()) {
            case "containers" -> List.copyOf(containers);
            case "stats" -> Optional.ofNullable(stats.get((String) args[0]));
            case "exec" -> {
              lastExec = (List<String>) args[1];
              yield execResult;
            }
            case "info" -> new ContainerEngine.EngineInfo("20.10", "1.41", "Debian", "/", false);
            default -> throw new UnsupportedOperationException(method.getName());
          };
        });
  }

  static ContainerInfo container(String id, String state, String health, int restarts) {
    return new ContainerInfo(id, "scheduler-" + id + "-1", "image", "sha256:1", Map.of(), state, health, 0, restarts,
        false, Instant.now(), List.of());
  }
}
