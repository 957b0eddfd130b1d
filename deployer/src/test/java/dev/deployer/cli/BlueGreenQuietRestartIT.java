package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.cli.DeployAndVerifyIT.Run;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.proxy.Color;
import dev.deployer.infrastructure.proxy.EdgeContainer;
import dev.deployer.infrastructure.stack.ComposeLabels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A quiet color on the real engine, with a stack of its own (project h11-bg, ports 31240-31241):
 * the worker is {@code stop_previous} with {@code quiet}, restart {@code unless-stopped}. After the
 * switch its old color is quiet and has no restart policy, so when its process is killed (as an
 * out-of-memory kill would) the engine leaves it stopped instead of restarting it, not quiet, to
 * take work as the old release; a rollback starts it (its post_start hook runs) with its service's
 * policy back, under which the same kill restarts it: the kill is one the engine counts as a crash.
 * The edge stays the same container through all of it, as its configuration does; then deploys
 * that change the edge's image or ports replace the edge, one that changes only its configuration
 * text reloads it in place, a reload that fails replaces it, and one with the proxy off removes it (more tests, each on what the one
 * before left).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BlueGreenQuietRestartIT {

  @TempDir
  static Path work;

  static BlueGreenTestStack stack;

  @BeforeAll
  static void setUp() throws IOException {
    stack = BlueGreenTestStack.start(work, "h11", "h11-bg", 31240, "quiet: {signal: SIGTSTP, resume: SIGCONT}",
        SERVICES);
  }

  @AfterAll
  static void tearDown() throws IOException {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  @Order(1)
  void aQuietColorThatDiesStaysStoppedAndARollbackStartsItWithItsRestartPolicy() throws Exception {
    Run first = deploy("r1");
    assertThat(first.exitCode()).as(first.output()).isZero();
    String edge = stack.edge().id();
    String workerR1 = color("worker", Color.BLUE).id();
    assertThat(inspect(workerR1)).isEqualTo("running unless-stopped 0");

    Run second = deploy("r2");
    assertThat(second.exitCode()).as(second.output()).isZero();
    assertThat(second.output()).contains("sent SIGTSTP");
    assertThat(color("worker", Color.BLUE).id()).isEqualTo(workerR1);
    assertThat(inspect(workerR1)).as("quiet, warm, no restart policy").isEqualTo("running no 0");

    crash(workerR1);
    String afterCrash = awaitExited(workerR1);
    Thread.sleep(3000); // the engine restarts after 100 ms; give it far longer
    assertThat(inspect(workerR1)).as("the quiet worker, killed, is not restarted (was: %s)", afterCrash)
        .isEqualTo("exited no 0");

    Run rollback = stack.run("rollback", config("r2"), "--yes", "--reason", "quiet drill",
        "--wait-timeout=60");
    System.out.println("[h11] output of the rollback:\n" + rollback.output());
    assertThat(rollback.exitCode()).as(rollback.output()).isZero();
    assertThat(rollback.output()).contains("worker started (blue, kept from release ",
        "; it had stopped while quiet)", "worker: running 1 post_start hook").doesNotContain("sent SIGCONT");
    assertThat(color("worker", Color.BLUE).id()).as("the kept container, not a new one").isEqualTo(workerR1);
    assertThat(inspect(workerR1)).isEqualTo("running unless-stopped 0");
    assertThat(cat(workerR1, "/www/health")).contains("\"release\":\"r1\"");

    crash(workerR1);
    assertThat(awaitRestarts(workerR1)).as("with its policy back, the same kill restarts it").isEqualTo(
        "running unless-stopped 1");
    assertThat(stack.edge().id()).as("the edge's configuration did not change: the same edge").isEqualTo(edge);
  }

  /**
   * A deploy of the serving release that changes only the edge's configuration (proxy.image: the
   * same HAProxy, named by its image id) recreates the edge: a new container with another config
   * hash, the same colors, each service's traffic kept on its color, and the users' port answering
   * again. The README promises no zero downtime here ("drops the connections open at that moment,
   * about a second"), so the failed requests of a loop across the replacement are printed, not
   * asserted away. Then worker is taken off the edge (proxy.services: [web]): the edge is replaced
   * again without worker's port, and worker gets a container of its own that publishes it.
   */
  @Test
  @Order(2)
  void deploysThatChangeTheEdgesConfigurationReplaceTheEdgeAndKeepItsTraffic() throws Exception {
    ContainerInfo before = stack.edge();
    String web = color("web", Color.BLUE).id();
    String worker = color("worker", Color.BLUE).id();
    String image = stack.engine.imageId(BlueGreenTestStack.DEFAULT_PROXY_IMAGE).orElseThrow();
    LoadLoop loop = LoadLoop.start("http://127.0.0.1:" + stack.webPort() + "/health", Duration.ofSeconds(120),
        Integer.MAX_VALUE);
    Thread.sleep(500);

    Run run = stack.deploy(stack.config("r1", Map.of(), image, List.of("web", "worker")));
    Thread.sleep(500);
    LoadLoop.Result load = loop.stop();
    System.out.println("[h11] output of the deploy that replaces the edge:\n" + run.output());
    System.out.println("[h11] requests through the edge's port while it was replaced: " + load);

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("edge recreated with its new configuration", "; traffic kept on {",
        "web=blue", "worker=blue");
    ContainerInfo after = stack.edge();
    assertThat(after.id()).isNotEqualTo(before.id());
    assertThat(after.label(EdgeContainer.CONFIG_HASH_LABEL)).as("config hash")
        .isNotEqualTo(before.label(EdgeContainer.CONFIG_HASH_LABEL));
    assertThat(BlueGreenTestStack.inspect(after.id(), "{{.Config.Image}}")).isEqualTo(image);
    assertThat(stack.engine.container(before.id())).as("the old edge removed").isEmpty();
    assertThat(color("web", Color.BLUE).id()).as("the colors are kept").isEqualTo(web);
    assertThat(color("worker", Color.BLUE).id()).isEqualTo(worker);
    assertThat(load.releases()).as("%s", load).containsOnlyKeys("r1");
    assertThat(load.requests() - load.failed()).as("%s", load).isPositive();
    assertThat(EdgeContainer.runtime(after).stats()).filteredOn(s -> s.backend().equals("web_" + stack.webPort()))
        .extracting(s -> s.server() + " " + s.weight()).containsExactlyInAnyOrder("blue 100", "green 0");
    assertThat(stack.edgeHealth()).as("the same port answers").contains("\"release\":\"r1\"");

    Run off = stack.deploy(stack.config("r1", Map.of(), image, List.of("web")));
    System.out.println("[h11] output of the deploy that takes worker off the edge:\n" + off.output());

    assertThat(off.exitCode()).as(off.output()).isZero();
    assertThat(off.output()).contains("edge recreated with its new configuration: it holds ports [" + stack.webPort()
        + "]; traffic kept on {web=blue}", "web unchanged (blue serves)", "worker recreated");
    assertThat(stack.edge().id()).isNotEqualTo(after.id());
    assertThat(stack.engine.containers(ComposeLabels.service(stack.project(), "worker"))).as("its color removed")
        .singleElement().satisfies(own -> {
          assertThat(own.name()).isEqualTo(stack.project() + "-worker-1");
          assertThat(own.label(EdgeContainer.COLOR_LABEL)).isNull();
        });
    assertThat(BlueGreenTestStack.health(stack.webPort() + 1)).as("worker's own port")
        .contains("\"release\":\"r1\"");
    assertThat(stack.edgeHealth()).contains("\"release\":\"r1\"");
  }

  /**
   * A deploy that changes only the edge's configuration text (web's health path, which its backend's
   * checks ask; the same image, ports and networks) reloads the edge in place: the same container runs the new text, web's
   * traffic stays on blue through the reload, and a loop of requests across the whole deploy (the
   * reload, then web's new color and the switch to it) sees no failed request.
   */
  @Test
  @Order(3)
  void aDeployThatChangesOnlyTheEdgesConfigurationTextReloadsItInPlaceWithoutAFailedRequest() throws Exception {
    ContainerInfo before = stack.edge();
    String image = stack.engine.imageId(BlueGreenTestStack.DEFAULT_PROXY_IMAGE).orElseThrow();
    Path config = stack.config("r1", Map.of(), image, List.of("web"));
    String health = "health: {path: /health, ";
    assertThat(Files.readString(config)).contains(health);
    Files.writeString(config, Files.readString(config).replace(health, "health: {path: \"/health?edge\", "));
    assertThat(stack.cat(before.id(), "/tmp/haproxy.cfg")).contains("option httpchk GET /health\n");
    String worker = workerPid(before);
    LoadLoop loop = LoadLoop.start("http://127.0.0.1:" + stack.webPort() + "/health", Duration.ofSeconds(120),
        Integer.MAX_VALUE);
    Thread.sleep(500);

    Run run = stack.deploy(config);
    Thread.sleep(500);
    LoadLoop.Result load = loop.stop();
    System.out.println("[h11] output of the deploy that reloads the edge:\n" + run.output());
    System.out.println("[h11] requests through the edge's port across the reload and the switch: " + load);

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("edge reloaded with its new configuration, in place",
        "; traffic kept on {web=blue}").doesNotContain("edge recreated", "could not reload");
    ContainerInfo after = stack.edge();
    assertThat(after.id()).as("the same edge").isEqualTo(before.id());
    assertThat(stack.cat(after.id(), "/tmp/haproxy.cfg")).contains("option httpchk GET /health?edge\n");
    assertThat(workerPid(after)).as("a new HAProxy worker, started on the new file").isNotEqualTo(worker);
    assertThat(EdgeContainer.runtime(after).stats()).as("web's new color took the traffic after the reload")
        .filteredOn(s -> s.backend().equals("web_" + stack.webPort()) && s.weight() > 0)
        .extracting(s -> s.server() + " " + s.weight() + " " + s.checkStatus())
        .containsExactly("green 100 L7OK");
    assertThat(load.failed()).as("%s", load).isZero();
    assertThat(load.releases()).as("%s", load).containsOnlyKeys("r1");
    assertThat(load.requests()).as("%s", load).isGreaterThan(20);
  }

  /**
   * A reload that fails falls back to a new edge, with a warning that says why: the running edge
   * cannot take the new file (a directory stands where the deployer writes it), so the deploy that
   * puts web's health path back replaces the edge, and the traffic stays on web's color.
   */
  @Test
  @Order(4)
  void aReloadThatFailsReplacesTheEdgeAndSaysWhy() throws Exception {
    ContainerInfo before = stack.edge();
    ContainerEngine.ExecResult sabotage = stack.engine.exec(before.id(),
        List.of("mkdir", "/tmp/haproxy.cfg.new"), Duration.ofSeconds(20));
    assertThat(sabotage.exitCode()).as(sabotage.stderr()).isZero();
    String image = stack.engine.imageId(BlueGreenTestStack.DEFAULT_PROXY_IMAGE).orElseThrow();

    Run run = stack.deploy(stack.config("r1", Map.of(), image, List.of("web")));
    System.out.println("[h11] output of the deploy whose reload fails:\n" + run.output());

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("the edge could not reload its new configuration in place (",
        "Is a directory", "): it is replaced", "edge recreated with its new configuration",
        "traffic kept on {web=").doesNotContain("edge reloaded");
    ContainerInfo after = stack.edge();
    assertThat(after.id()).as("a new edge").isNotEqualTo(before.id());
    assertThat(stack.cat(after.id(), "/tmp/haproxy.cfg")).contains("option httpchk GET /health\n");
    assertThat(stack.edgeHealth()).contains("\"release\":\"r1\"");
  }

  /**
   * The same environment with the proxy off: the edge is removed before any service starts (it held
   * web's port), web gets a container of its own in place of its color, worker keeps its own.
   */
  @Test
  @Order(5)
  void turningTheProxyOffRemovesTheEdgeAndEveryServicePublishesItsOwnPorts() throws Exception {
    String worker = stack.engine.containers(ComposeLabels.service(stack.project(), "worker")).get(0).id();
    Path off = stack.config("r1", Map.of());
    Files.writeString(off, Files.readString(off).replace("enabled: true", "enabled: false"));

    Run run = stack.deploy(off);
    System.out.println("[h11] output of the deploy with the proxy off:\n" + run.output());

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("the blue/green edge " + EdgeContainer.containerName(stack.project())
        + " removed", "web recreated", "worker unchanged");
    assertThat(stack.engine.container(EdgeContainer.containerName(stack.project()))).isEmpty();
    assertThat(stack.engine.containers(ComposeLabels.service(stack.project(), "web"))).singleElement()
        .satisfies(own -> assertThat(own.name()).isEqualTo(stack.project() + "-web-1"));
    assertThat(stack.engine.containers(ComposeLabels.service(stack.project(), "worker"))).singleElement()
        .satisfies(own -> assertThat(own.id()).isEqualTo(worker));
    assertThat(stack.edgeHealth()).as("web's own port").contains("\"release\":\"r1\"");
  }

  /** The process id of the edge's HAProxy worker, from the runtime API's show info. */
  private static String workerPid(ContainerInfo edge) {
    return EdgeContainer.runtime(edge).execute("show info").lines().filter(line -> line.startsWith("Pid: "))
        .findFirst().orElseThrow();
  }

  private static Run deploy(String release) throws IOException {
    return stack.deploy(config(release));
  }

  private static Path config(String release) throws IOException {
    return stack.config(release, Map.of());
  }

  private static ContainerInfo color(String service, Color color) {
    return stack.color(service, color);
  }

  /** Kills the worker's server, the child of the container's init: its main process then exits 137. */
  private static void crash(String container) {
    ContainerEngine.ExecResult result = stack.engine.exec(container, List.of("sh", "-c",
        "kill -KILL $(ps -o pid,args | awk '$2 == \"busybox\" && $3 == \"httpd\" {print $1}')"),
        Duration.ofSeconds(20));
    assertThat(result.exitCode()).as(result.stderr()).isZero();
  }

  private static String awaitExited(String container) throws Exception {
    for (int i = 0; i < 100 && inspect(container).startsWith("running"); i++) {
      Thread.sleep(100);
    }
    return inspect(container);
  }

  private static String awaitRestarts(String container) throws Exception {
    for (int i = 0; i < 100 && !inspect(container).matches("running \\S+ [1-9]\\d*"); i++) {
      Thread.sleep(100);
    }
    return inspect(container);
  }

  /** "STATUS POLICY RESTART_COUNT", from docker inspect. */
  private static String inspect(String container) throws IOException, InterruptedException {
    return BlueGreenTestStack.inspect(container,
        "{{.State.Status}} {{.HostConfig.RestartPolicy.Name}} {{.RestartCount}}");
  }

  private static String cat(String container, String path) {
    return stack.cat(container, path);
  }

  /** Both services restart unless stopped; their post_start writes the health page. */
  private static final BlueGreenTestStack.Services SERVICES = new BlueGreenTestStack.Services("""
      restart: unless-stopped
      post_start:
        - command: [sh, -c, '%s']
      """.formatted(BlueGreenTestStack.WRITE_HEALTH_PAGE), """
      environment: {RELEASE: "${RELEASE}"}
      """, """
      environment: {RELEASE: "${RELEASE}"}
      """, "");
}
