package dev.deployer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.check.CheckResult;
import dev.deployer.infrastructure.compose.ComposeLoader;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.engine.SwarmEngine.SwarmNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 05-services.md platform against the swarm's nodes, for the swarm target. */
class NodePlatformCheckTest {

  @TempDir
  Path work;

  private static final SwarmNode AMD = new SwarmNode("m", "vm", "ready", "active", true, "linux/x86_64");
  private static final SwarmNode ARM_DOWN = new SwarmNode("w1", "pi", "down", "active", false, "linux/aarch64");
  private static final SwarmNode ARM_DRAINED = new SwarmNode("w2", "pi2", "ready", "drain", false, "linux/aarch64");

  private CheckResult check(String platform, List<SwarmNode> nodes) throws Exception {
    Path file = Files.writeString(work.resolve("compose.yaml"),
        "name: demo\nservices:\n  app:\n    image: demo:1\n" + (platform == null ? "" : "    platform: " + platform + "\n"));
    ComposeProject project = new ComposeLoader(Map.of()).load(file, Set.of());
    return NodePlatformCheck.check(project, project.service("app"), nodes, "pre-deployment");
  }

  @Test
  void aPlatformOfAReadyNodePassesInTheEnginesArchitectureNames() throws Exception {
    CheckResult result = check("linux/amd64", List.of(AMD, ARM_DOWN));

    assertThat(result.verdict()).isEqualTo(CheckResult.Verdict.PASS);
    assertThat(result.actual()).isEqualTo("1 ready node(s) for linux/amd64");
  }

  @Test
  void aPlatformOnlyDownOrDrainedNodesHaveFailsWithFileLineAndKeyNamingTheNodesPlatforms() throws Exception {
    CheckResult result = check("linux/arm64/v8", List.of(AMD, ARM_DOWN, ARM_DRAINED));

    assertThat(result.verdict()).isEqualTo(CheckResult.Verdict.FAIL);
    assertThat(result.actual()).contains(work.resolve("compose.yaml") + ":5: services.app.platform")
        .contains("no ready, active node of the swarm runs linux/arm64 (its nodes: linux/amd64)")
        .contains("the task would stay pending");
  }

  @Test
  void nodesThatReportNoPlatformOnlyWarn() throws Exception {
    CheckResult result = check("linux/amd64", List.of(new SwarmNode("m", "vm", "ready", "active", true)));

    assertThat(result.verdict()).isEqualTo(CheckResult.Verdict.WARN);
  }

  @Test
  void aServiceWithoutPlatformIsNotChecked() throws Exception {
    assertThat(check(null, List.of(AMD))).isNull();
  }
}
