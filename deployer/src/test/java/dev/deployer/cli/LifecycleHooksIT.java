package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.engine.DockerEngines;
import dev.deployer.infrastructure.stack.ComposeLabels;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `deployer compose up|down` with Compose's lifecycle hooks and pull policies, on a real engine:
 * post_start runs in the started container (as its own user, directory and environment) and a
 * failing one fails the start; pre_stop runs before a recreate and before `down`; pull_policy never
 * refuses a missing image before any container changes; pull_policy build builds an unchanged
 * context again; pull_policy always, and a periodic one whose period has passed, pull (which fails here,
 * with no registry) before anything changes, while one within its period runs the present image.
 * Projects h2-hooks, h2-hookfail, h2-never, h2-build, h2-refresh; no host ports.
 */
class LifecycleHooksIT {

  private static final List<String> PROJECTS = List.of("h2-hooks", "h2-hookfail", "h2-never", "h2-build",
      "h2-refresh");

  @TempDir
  static Path work;

  static ContainerEngine engine;
  /** The release tags the build test's deploys gave its image, removed at the end. */
  static final java.util.Set<String> builtTags = new java.util.TreeSet<>();

  @BeforeAll
  static void connect() {
    engine = DockerEngines.connect("unix:///var/run/docker.sock", false, "");
    PROJECTS.forEach(LifecycleHooksIT::removeLeftovers);
  }

  @AfterAll
  static void tearDown() {
    if (engine != null) {
      PROJECTS.forEach(LifecycleHooksIT::removeLeftovers);
      builtTags.add("h2-build-app:latest");
      builtTags.add(FRESH);
      builtTags.forEach(engine::removeImage);
      engine.close();
    }
  }

  /** The spec's own example: a root post_start hands the volume to the service's user; pre_stop writes to it. */
  @Test
  void postStartRunsInTheStartedContainerAndPreStopBeforeEachRecreateAndDown() throws Exception {
    write("h2-hooks", hooksFile("one"));

    DeployAndVerifyIT.Run up = compose("h2-hooks", "up");

    assertThat(up.exitCode()).as(up.output()).isZero();
    assertThat(up.output()).contains("app: running 2 post_start hooks");
    ContainerInfo first = container("h2-hooks", "app");
    assertThat(cat(first, "/tmp/post_start")).isEqualTo("hello from root in /tmp, release one\n");
    assertThat(cat(first, "/data/owner")).as("the hook's chown let the service's user write").isEqualTo("65534\n");

    write("h2-hooks", hooksFile("two"));
    DeployAndVerifyIT.Run recreate = compose("h2-hooks", "up");

    assertThat(recreate.exitCode()).as(recreate.output()).isZero();
    assertThat(recreate.output()).contains("app: running 1 pre_stop hook", "app recreated");
    assertThat(recreate.output().indexOf("running 1 pre_stop hook"))
        .isLessThan(recreate.output().indexOf("app recreated"));
    ContainerInfo second = container("h2-hooks", "app");
    assertThat(second.id()).isNotEqualTo(first.id());
    assertThat(cat(second, "/data/pre_stop")).as("written by the old container's hook, on the volume")
        .isEqualTo("65534 stopped release one\n");

    DeployAndVerifyIT.Run down = compose("h2-hooks", "down");
    assertThat(down.exitCode()).as(down.output()).isZero();
    assertThat(down.output()).contains("app: running 1 pre_stop hook");
    write("h2-hooks", hooksFile("three"));
    assertThat(compose("h2-hooks", "up").exitCode()).isZero();
    assertThat(cat(container("h2-hooks", "app"), "/data/pre_stop"))
        .isEqualTo("65534 stopped release one\n65534 stopped release two\n");
  }

  @Test
  void aFailingPostStartFailsTheStartWithTheHooksStatusAndError() throws Exception {
    write("h2-hookfail", """
        services:
          db:
            image: alpine:3.17
            command: [sleep, "3600"]
            init: true
            post_start:
              - command: [sh, -c, "echo 'schema missing' >&2; exit 3"]
        """);

    DeployAndVerifyIT.Run up = compose("h2-hookfail", "up");

    assertThat(up.exitCode()).as(up.output()).isNotZero();
    assertThat(up.output()).contains("service db: post_start hook [sh, -c, echo 'schema missing' >&2; exit 3]"
        + " exited with status 3: schema missing");
    assertThat(up.output()).doesNotContain("db created");
    // Stopped, not left running as if it were up to date: the retry starts it and runs the hook again.
    assertThat(engine.containers(ComposeLabels.service("h2-hookfail", "db"))).singleElement()
        .satisfies(db -> assertThat(db.running()).as("the container whose hook failed").isFalse());
    DeployAndVerifyIT.Run retry = compose("h2-hookfail", "up");
    assertThat(retry.exitCode()).isNotZero();
    assertThat(retry.output()).contains("exited with status 3: schema missing");
  }

  @Test
  void pullPolicyNeverRefusesAMissingImageBeforeAnyContainerChanges() throws Exception {
    write("h2-never", """
        services:
          app:
            image: alpine:3.17
            command: [sleep, "3600"]
            init: true
            environment: {RELEASE: one}
        """);
    assertThat(compose("h2-never", "up").exitCode()).isZero();
    ContainerInfo before = container("h2-never", "app");
    write("h2-never", """
        services:
          app:
            image: alpine:3.17
            command: [sleep, "3600"]
            init: true
            environment: {RELEASE: two}
          ghost:
            image: h2-never-built:1
            pull_policy: never
        """);

    DeployAndVerifyIT.Run up = compose("h2-never", "up");

    assertThat(up.exitCode()).as(up.output()).isEqualTo(ExitCodes.PRE_CHECK_FAILED);
    assertThat(up.output()).contains("image h2-never-built:1 is missing and its pull_policy is never, so it is not"
        + " pulled", "nothing was changed").doesNotContain("pulling h2-never-built");
    ContainerInfo after = container("h2-never", "app");
    assertThat(after.id()).as("app, changed in the same file, was not recreated").isEqualTo(before.id());
    assertThat(after.running()).isTrue();
    assertThat(engine.containers(ComposeLabels.service("h2-never", "ghost"))).isEmpty();
  }

  /** An image the engine tagged a moment ago: its LastTagTime is now. */
  private static final String FRESH = "h2-fresh:1";

  @Test
  void alwaysAndPeriodicPoliciesPullWhenDueAndAFailedPullStopsTheDeployBeforeAnythingChanges() throws Exception {
    engine.tagImage(engine.imageId("alpine:3.17").orElseThrow(), FRESH);
    String file = """
        services:
          app:
            image: %s
            command: [sleep, "3600"]
            init: true
            pull_policy: %s
        """;
    write("h2-refresh", file.formatted(FRESH, "daily"));

    DeployAndVerifyIT.Run daily = compose("h2-refresh", "up");

    assertThat(daily.exitCode()).as(daily.output()).isZero();
    assertThat(daily.output()).as("tagged within the day: not pulled").doesNotContain("pulling");
    String id = container("h2-refresh", "app").id();

    Thread.sleep(1100);
    write("h2-refresh", file.formatted(FRESH, "every_1s"));
    DeployAndVerifyIT.Run due = compose("h2-refresh", "up");

    assertThat(due.exitCode()).as(due.output()).isEqualTo(ExitCodes.PRE_CHECK_FAILED);
    assertThat(due.output()).contains("pulling " + FRESH + " (pull_policy every_1s: last pulled or tagged 20",
        "image " + FRESH + " could not be pulled (", "its pull_policy asks for a pull", "nothing was changed");

    write("h2-refresh", file.formatted("alpine:3.17", "always"));
    DeployAndVerifyIT.Run always = compose("h2-refresh", "up");

    assertThat(always.exitCode()).as(always.output()).isEqualTo(ExitCodes.PRE_CHECK_FAILED);
    assertThat(always.output()).contains("pulling alpine:3.17 (pull_policy always)",
        "image alpine:3.17 could not be pulled (", "nothing was changed");
    assertThat(container("h2-refresh", "app").id()).isEqualTo(id);
    assertThat(engine.imageId("alpine:3.17")).as("a failed pull leaves the present image").isPresent();
  }

  @Test
  void pullPolicyBuildBuildsAnUnchangedContextAgain() throws Exception {
    // The context beside the file, not its folder: the deployer writes its reports there, which would change it.
    Path dir = work.resolve("h2-build").resolve("app");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("Dockerfile"), "FROM alpine:3.17\nRUN echo built > /built\n");
    String file = """
        services:
          app:
            build: ./app
            command: [sleep, "3600"]
            init: true
        """;
    write("h2-build", file);
    assertThat(compose("h2-build", "up", "--verbose").exitCode()).isZero();
    String id = container("h2-build", "app").id();

    DeployAndVerifyIT.Run again = compose("h2-build", "up", "--verbose");
    assertThat(again.output()).as("without a policy an unchanged context is not built")
        .contains("context unchanged since h2-build-app was built; not rebuilt").doesNotContain("Step 1/");

    write("h2-build", file + "    pull_policy: build\n");
    DeployAndVerifyIT.Run rebuilt = compose("h2-build", "up", "--verbose");

    assertThat(rebuilt.exitCode()).as(rebuilt.output()).isZero();
    assertThat(rebuilt.output()).contains("(pull_policy build: even if unchanged)", "Step 1/4 : FROM alpine:3.17",
        "Step 2/4 : RUN echo built > /built", "Using cache").doesNotContain("not rebuilt");
    assertThat(container("h2-build", "app").id()).as("the engine's cache gave the same image: nothing to recreate")
        .isEqualTo(id);
  }

  /** What an earlier, interrupted run left: removed through the engine, as no file of it is left to `down`. */
  private static void removeLeftovers(String project) {
    for (ContainerInfo container : engine.containers(ComposeLabels.project(project))) {
      engine.removeContainer(container.id());
    }
    engine.networks(ComposeLabels.project(project)).forEach(engine::removeNetwork);
    engine.volumes(ComposeLabels.project(project)).forEach(engine::removeVolume);
  }

  private static String hooksFile(String release) {
    return """
        services:
          app:
            image: alpine:3.17
            command: [sleep, "3600"]
            init: true
            user: "65534"
            environment: {RELEASE: %s}
            volumes: [data:/data]
            post_start:
              - command: [sh, -c, 'chown 65534 /data && echo "$$GREETING from $$(id -un) in $$(pwd), release $$RELEASE" > /tmp/post_start']
                user: root
                working_dir: /tmp
                environment: [GREETING=hello]
              - command: [sh, -c, "id -u > /data/owner"]
            pre_stop:
              - command: [sh, -c, 'echo "$$(id -u) stopped release $$RELEASE" >> /data/pre_stop']
        volumes:
          data:
        """.formatted(release);
  }

  private static void write(String project, String services) throws IOException {
    Path dir = work.resolve(project);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("compose.yaml"), "name: " + project + "\n" + services);
  }

  private static String cat(ContainerInfo container, String path) {
    ContainerEngine.ExecResult result = engine.exec(container.id(), List.of("cat", path), Duration.ofSeconds(20));
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    return result.stdout();
  }

  private static ContainerInfo container(String project, String service) {
    List<ContainerInfo> found = engine.containers(ComposeLabels.service(project, service));
    assertThat(found).as("containers of " + service).hasSize(1);
    return found.get(0);
  }

  private static DeployAndVerifyIT.Run compose(String project, String command, String... extra) {
    StringWriter text = new StringWriter();
    PrintWriter writer = new PrintWriter(text, true);
    picocli.CommandLine commandLine = DeployerCli.commandLine();
    commandLine.setOut(writer);
    commandLine.setErr(writer);
    List<String> args = new java.util.ArrayList<>(List.of("compose", command, "--project-dir",
        work.resolve(project).toString()));
    args.addAll(List.of(extra));
    int exitCode = commandLine.execute(args.toArray(String[]::new));
    java.util.regex.Matcher tag = java.util.regex.Pattern.compile("h2-build-app:[0-9a-z-]+").matcher(text.toString());
    while (tag.find()) {
      builtTags.add(tag.group());
    }
    return new DeployAndVerifyIT.Run(exitCode, text.toString());
  }
}
