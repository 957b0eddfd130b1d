package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.cli.DeployAndVerifyIT.Run;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.proxy.Color;
import dev.deployer.infrastructure.proxy.EdgeContainer;
import dev.deployer.infrastructure.stack.ComposeLabels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compose's lifecycle hooks behind the blue/green edge, on the real engine, with a stack of its own
 * (project h9-bg, ports 31220-31221): two routed busybox web servers whose health page only their
 * post_start hook writes, so no color can look up before its hook ran; every hook appends a line to
 * a named volume both colors share. post_start runs in each new color before the switch, and again
 * when a rollback starts a stopped color, not when it takes back a warm one; pre_stop runs before a
 * color is stopped (the worker, stop_previous without a quiet signal) or removed (a warm web whose
 * color the next release takes, the colors a rollback moved away from), never while a color stays
 * warm, and not again in a stopped one; a failing post_start fails the deploy before the switch
 * and the serving color keeps the traffic.
 */
class BlueGreenHooksIT {

  @TempDir
  static Path work;

  static BlueGreenTestStack stack;

  @BeforeAll
  static void setUp() throws IOException {
    stack = BlueGreenTestStack.start(work, "h9", "h9-bg", 31220, "", SERVICES);
  }

  @AfterAll
  static void tearDown() throws IOException {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void hooksRunAroundEachColorAndAFailingPostStartLeavesTheServingColorServing() throws Exception {
    Run first = deploy("r1", "");

    assertThat(first.exitCode()).as(first.output()).isZero();
    String webR1 = color("web", "blue").id();
    assertThat(cat(webR1, "/www/health")).isEqualTo("{\"status\":\"UP\",\"release\":\"r1\"}\n");
    assertThat(first.output().indexOf("web: running 1 post_start hook")).as(first.output())
        .isNotNegative().isLessThan(first.output().indexOf("all traffic of web on blue"));
    assertThat(hookLog()).containsExactlyInAnyOrder("post_start web r1", "post_start worker r1");

    Run second = deploy("r2", "");

    assertThat(second.exitCode()).as(second.output()).isZero();
    assertThat(cat(color("web", "green").id(), "/www/health")).contains("\"release\":\"r2\"");
    assertThat(stack.edgeHealth()).contains("\"release\":\"r2\"");
    assertThat(second.output()).contains("worker: running 1 pre_stop hook",
        "(blue, kept for 10 min, for a rollback) stopped");
    assertThat(color("worker", "blue").running()).isFalse();
    assertThat(restartPolicy(color("worker", "blue").id())).as("no restart policy while out of traffic: an engine"
        + " restart would bring `always` back to work as the old release").isEqualTo("no");
    assertThat(color("web", "blue").id()).as("r1's web stays warm").isEqualTo(webR1);
    assertThat(color("web", "blue").running()).isTrue();
    assertThat(hookLog()).as("no pre_stop for the warm web").containsExactlyInAnyOrder("post_start web r1",
        "post_start worker r1", "post_start web r2", "post_start worker r2", "pre_stop worker r1");

    Run failing = deploy("r3", "1");
    System.out.println("[h9] output of the deploy whose post_start fails:\n" + failing.output());

    assertThat(failing.exitCode()).as(failing.output()).isNotZero();
    assertThat(failing.output()).contains("exited with status 3: r3 refuses to start", "rolled back to release")
        .doesNotContain("all traffic of web on blue");
    assertThat(failing.output().indexOf("web: running 1 pre_stop hook")).as("the warm web's color is taken")
        .isNotNegative().isLessThan(failing.output().indexOf("web: running 1 post_start hook"));
    assertThat(stack.engine.container(webR1)).as("r1's web removed for r3").isEmpty();
    assertThat(stack.edgeHealth()).as("green keeps the traffic").contains("\"release\":\"r2\"");
    assertThat(color("web", "green").running()).isTrue();
    assertThat(hookLog()).as("r1's warm web ran its pre_stop before it was removed; r3's web never got as far as"
        + " its log line, and its pre_stop ran when it was stopped after its failed hook")
        .contains("pre_stop web r1", "pre_stop web r3")
        .doesNotContain("post_start web r3");
    assertThat(hookLog()).filteredOn("pre_stop worker r1"::equals).as("a stopped color runs no pre_stop").hasSize(1);

    Run fourth = deploy("r4", "");
    assertThat(fourth.exitCode()).as(fourth.output()).isZero();
    assertThat(stack.edgeHealth()).contains("\"release\":\"r4\"");
    String webR2 = color("web", "green").id();
    assertThat(color("worker", "green").running()).as("r2's worker stopped after the switch").isFalse();

    Run rollback = stack.run("rollback", config("r4", ""), "--yes", "--reason", "hooks drill",
        "--wait-timeout=60");
    System.out.println("[h9] output of the rollback:\n" + rollback.output());

    assertThat(rollback.exitCode()).as(rollback.output()).isZero();
    assertThat(stack.edgeHealth()).contains("\"release\":\"r2\"");
    assertThat(color("web", "green").id()).as("r2's warm web serves again, not restarted").isEqualTo(webR2);
    assertThat(rollback.output()).contains("worker: running 1 post_start hook")
        .doesNotContain("web: running 1 post_start hook");
    assertThat(stack.engine.container(EdgeContainer.colorContainerName(stack.project(), "web", Color.BLUE)))
        .isEmpty();
    List<String> log = hookLog();
    assertThat(log).filteredOn("post_start worker r2"::equals).as("r2's stopped worker started again").hasSize(2);
    assertThat(restartPolicy(color("worker", "green").id())).as("its own policy back").isEqualTo("always");
    assertThat(log).filteredOn("post_start web r2"::equals).hasSize(1);
    assertThat(log).as("r4's colors stopped and removed after their pre_stop").contains("pre_stop web r4",
        "pre_stop worker r4");
  }

  private static String restartPolicy(String container) throws IOException, InterruptedException {
    return BlueGreenTestStack.inspect(container, "{{.HostConfig.RestartPolicy.Name}}");
  }

  private static Run deploy(String release, String fail) throws IOException {
    return stack.deploy(config(release, fail));
  }

  private static ContainerInfo color(String service, String color) {
    return stack.color(service, Color.parse(color).orElseThrow());
  }

  /** The hooks' lines on the shared volume, read through the serving web container. */
  private static List<String> hookLog() {
    String serving = stack.engine.containers(ComposeLabels.service(stack.project(), "web"))
        .stream().filter(ContainerInfo::running).findFirst().orElseThrow().id();
    return cat(serving, "/hooks/log").lines().toList();
  }

  private static String cat(String container, String path) {
    return stack.cat(container, path);
  }

  /** The environment h9 for one release: its RELEASE, and HOOK_FAIL to make web's post_start fail. */
  private static Path config(String release, String fail) throws IOException {
    return stack.config(release, Map.of("HOOK_FAIL", fail));
  }

  /**
   * Each service's post_start writes the health page (web's fails when HOOK_FAIL is set); every
   * hook appends a line to the volume both colors share.
   */
  private static final BlueGreenTestStack.Services SERVICES = new BlueGreenTestStack.Services("""
      volumes: [hooks:/hooks]
      """, """
      environment: {RELEASE: "${RELEASE}", HOOK_FAIL: "${HOOK_FAIL}", SERVICE: web}
      post_start:
        - command: [sh, -c, '[ -z "$$HOOK_FAIL" ] || { echo "$$RELEASE refuses to start" >&2; exit 3; }; echo "post_start $$SERVICE $$RELEASE" >> /hooks/log; %1$s']
      pre_stop:
        - command: [sh, -c, 'echo "pre_stop $$SERVICE $$RELEASE" >> /hooks/log']
      """.formatted(BlueGreenTestStack.WRITE_HEALTH_PAGE), """
      restart: always
      environment: {RELEASE: "${RELEASE}", SERVICE: worker}
      post_start:
        - command: [sh, -c, 'echo "post_start $$SERVICE $$RELEASE" >> /hooks/log; %1$s']
      pre_stop:
        - command: [sh, -c, 'echo "pre_stop $$SERVICE $$RELEASE" >> /hooks/log']
      """.formatted(BlueGreenTestStack.WRITE_HEALTH_PAGE), """
      volumes:
        hooks:
      """);
}
