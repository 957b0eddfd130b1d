package dev.deployer.infrastructure.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.check.CheckResult;
import dev.deployer.infrastructure.engine.EngineException;
import dev.deployer.infrastructure.engine.SwarmEngine;
import dev.deployer.infrastructure.engine.SwarmEngine.SwarmNode;
import dev.deployer.infrastructure.engine.SwarmEngine.SwarmService;
import dev.deployer.infrastructure.engine.SwarmEngine.SwarmTask;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SwarmNodesCheckTest {

  private final List<SwarmNode> nodes = new ArrayList<>(List.of(
      new SwarmNode("m", "vm", "ready", "active", true),
      new SwarmNode("w1", "deployer-swarm-bed-1", "ready", "active", false),
      new SwarmNode("w2", "deployer-swarm-bed-2", "ready", "active", false)));
  private final List<SwarmTask> apiTasks = new ArrayList<>(List.of(
      task("a1", 1, "m", "running", "running"),
      task("a2", 2, "w2", "running", "shutdown"), // the lost node's last report; Swarm wants it gone
      task("a3", 3, "w1", "running", "running"),
      task("a4", 2, "m", "running", "running"),   // its replacement
      task("a0", 2, "w2", "shutdown", "shutdown"))); // an older task of the slot, not lost now
  private int closed;
  private RuntimeException failure;

  @Test
  void passesWhileEveryNodeIsReady() {
    CheckResult result = check().run();

    assertThat(result.verdict()).isEqualTo(CheckResult.Verdict.PASS);
    assertThat(result.actual()).isEqualTo("3 node(s) ready");
    assertThat(closed).as("the engine is closed after each run").isEqualTo(1);
  }

  @Test
  void aLostNodeIsNamedWithTheStacksTasksItWasRunning() {
    nodes.set(2, new SwarmNode("w2", "deployer-swarm-bed-2", "down", "active", false));

    CheckResult result = check().run();

    assertThat(result.verdict()).isEqualTo(CheckResult.Verdict.FAIL);
    assertThat(result.category()).isEqualTo("infrastructure");
    assertThat(result.actual()).isEqualTo("node deployer-swarm-bed-2 down; its tasks lost: scheduler-mn1_api.2");
  }

  @Test
  void aLostNodeWithoutTasksOfTheStackIsStillReported() {
    nodes.set(1, new SwarmNode("w1", "deployer-swarm-bed-1", "unknown", "active", false));
    apiTasks.removeIf(t -> t.nodeId().equals("w1"));

    assertThat(check().run().actual()).isEqualTo("node deployer-swarm-bed-1 unknown, none of scheduler-mn1's tasks on it");
  }

  @Test
  void anEngineErrorIsAFailedCheck() {
    failure = new EngineException("engine gone", null);

    assertThat(check().run().actual()).isEqualTo("cannot inspect: engine gone");
  }

  private SwarmNodesCheck check() {
    return new SwarmNodesCheck("swarm nodes", "infrastructure", this::engine, "scheduler-mn1");
  }

  private SwarmEngine engine() {
    SwarmService api = new SwarmService("s1", "scheduler-mn1_api", 1, "app", null, 3, 1, Map.of(), List.of(), null, null);
    return (SwarmEngine) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {SwarmEngine.class},
        (proxy, method, args) -> {
          if (failure != null && !method.getName().equals("close")) {
            throw failure;
          }
          return switch (method.getName()) {
            case "nodes" -> List.copyOf(nodes);
            case "services" -> List.of(api);
            case "tasks" -> List.copyOf(apiTasks);
            case "close" -> {
              closed++;
              yield null;
            }
            default -> throw new UnsupportedOperationException(method.getName());
          };
        });
  }

  private static SwarmTask task(String id, int slot, String node, String state, String desired) {
    return new SwarmTask(id, "s1", slot, node, state, desired, "", null, "c" + id, null, "app", Map.of(),
        Instant.now(), Instant.now());
  }
}
