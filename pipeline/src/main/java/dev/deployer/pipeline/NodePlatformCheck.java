package dev.deployer.pipeline;

import dev.deployer.infrastructure.check.CheckResult;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.engine.SwarmEngine.SwarmNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

/**
 * A service's {@code platform} against the swarm's nodes: Swarm places a task only on a node of
 * that OS and architecture, so with none ready the task would stay pending until the deploy's
 * wait runs out. Refused before anything changes, naming the platforms the nodes have.
 */
public final class NodePlatformCheck {

  private NodePlatformCheck() {}

  /** Null when the service sets no platform. */
  public static CheckResult check(ComposeProject project, ComposeService service, List<SwarmNode> nodes,
      String category) {
    String wanted = service.options().extended().platform();
    if (wanted == null) {
      return null;
    }
    String osArch = ImagePlatformCheck.osArch(wanted);
    TreeSet<String> available = new TreeSet<>();
    long matching = 0;
    for (SwarmNode node : nodes) {
      if (node.down() || !"active".equals(node.availability()) || node.platform() == null) {
        continue;
      }
      String platform = ImagePlatformCheck.osArch(node.platform());
      available.add(platform);
      matching += platform.equals(osArch) ? 1 : 0;
    }
    String name = "platform " + service.name();
    String expected = "a ready node for " + wanted;
    if (available.isEmpty()) {
      return result(name, category, CheckResult.Verdict.WARN, expected,
          "no ready node reported its platform; Swarm checks it when it places the task");
    }
    if (matching == 0) {
      return result(name, category, CheckResult.Verdict.FAIL, expected,
          ImagePlatformCheck.place(project, service).describe("no ready, active node of the swarm runs " + osArch
              + " (its nodes: " + String.join(", ", available) + "); the task would stay pending"));
    }
    return result(name, category, CheckResult.Verdict.PASS, expected,
        matching + " ready node(s) for " + osArch);
  }

  private static CheckResult result(String name, String category, CheckResult.Verdict verdict, String expected,
      String actual) {
    return new CheckResult(name, category, verdict, expected, actual, Duration.ZERO, Instant.now());
  }
}
