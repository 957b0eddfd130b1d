package dev.deployer.infrastructure.swarm;

import dev.deployer.infrastructure.check.CheckResult;
import dev.deployer.infrastructure.check.NamedCheck;
import dev.deployer.infrastructure.engine.SwarmEngine;
import dev.deployer.infrastructure.engine.SwarmEngine.SwarmNode;
import dev.deployer.infrastructure.engine.SwarmEngine.SwarmService;
import dev.deployer.infrastructure.engine.SwarmEngine.SwarmTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Fails while a node of the swarm is not ready, naming it and the stack's tasks it ran when it
 * was lost (running, as that node last reported them; Swarm starts their replacements
 * elsewhere). The engine comes from {@code engines} on each run and is closed after it.
 */
public final class SwarmNodesCheck extends NamedCheck {

  private final Supplier<SwarmEngine> engines;
  private final String stack;

  public SwarmNodesCheck(String name, String category, Supplier<SwarmEngine> engines, String stack) {
    super(name, category);
    this.engines = engines;
    this.stack = stack;
  }

  @Override
  public CheckResult run() {
    long start = System.nanoTime();
    String expected = "every node ready";
    try (SwarmEngine engine = engines.get()) {
      List<SwarmNode> nodes = engine.nodes();
      List<SwarmNode> down = nodes.stream().filter(SwarmNode::down).toList();
      if (down.isEmpty()) {
        return CheckResult.pass(this, expected, nodes.size() + " node(s) ready", since(start));
      }
      Map<String, List<String>> lost = lostTasks(engine, down);
      List<String> found = new ArrayList<>();
      for (SwarmNode node : down) {
        List<String> tasks = lost.getOrDefault(node.id(), List.of());
        found.add("node " + node.hostname() + " " + node.state() + (tasks.isEmpty() ? ", none of " + stack
            + "'s tasks on it" : "; its tasks lost: " + String.join(", ", tasks)));
      }
      return CheckResult.fail(this, expected, String.join("; ", found), since(start));
    } catch (RuntimeException e) {
      return CheckResult.fail(this, expected, "cannot inspect: " + e.getMessage(), since(start));
    }
  }

  /** Per down node, the stack's tasks whose last report from it was running, by {@code docker service ps} name. */
  private Map<String, List<String>> lostTasks(SwarmEngine engine, List<SwarmNode> down) {
    List<String> ids = down.stream().map(SwarmNode::id).toList();
    Map<String, List<String>> lost = new TreeMap<>();
    for (SwarmService service : engine.services(SwarmLabels.stack(stack))) {
      for (SwarmTask task : engine.tasks(service.id())) {
        if (task.running() && ids.contains(task.nodeId())) {
          lost.computeIfAbsent(task.nodeId(), id -> new ArrayList<>()).add(ServiceStatus.taskName(service, task));
        }
      }
    }
    lost.replaceAll((node, tasks) -> tasks.stream().sorted().collect(Collectors.toList()));
    return lost;
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
