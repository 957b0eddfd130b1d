package dev.deployer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deployer.infrastructure.check.CheckResult;
import dev.deployer.infrastructure.compose.ComposeLoader;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.DockerEngines;
import dev.deployer.infrastructure.engine.ImageBuild;
import dev.deployer.infrastructure.event.EventSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec "Compose Build Specification" (build.md) on the real engine: a service's build section, with
 * every key the classic builder takes, goes through the deploy's build step, and {@code docker image
 * inspect} and the files its RUN step wrote show each applied. Images h3-build-*, from alpine:3.17.
 */
class BuildKeysIT {

  private static final String DOCKERFILE = """
      FROM alpine:3.17
      ARG GREETING
      COPY . /ctx/
      RUN echo "$GREETING" > /greeting && cat /etc/hosts > /hosts.txt \\
          && df -k /dev/shm | tail -1 > /shm.txt && ls /sys/class/net > /nets.txt && ls -A /ctx > /ctx.txt
      """;

  @TempDir
  Path work;

  ContainerEngine engine;

  @BeforeEach
  void connect() {
    engine = DockerEngines.connect("unix:///var/run/docker.sock", false, "");
  }

  @AfterEach
  void removeImages() throws Exception {
    for (String image : List.of("h3-build-app:1", "h3-build-app:extra", "h3-build-app:r1", "h3-build-app:warm",
        "h3-build-cached:1", "h3-build-cached:r1", "h3-build-uncached:1", "h3-build-uncached:r1",
        "j1-build-state:1", "j1-build-state:r1", "j1-build-state:r2", "j1-build-state:r3")) {
      run("docker", "image", "rm", "-f", image);
    }
    engine.close();
  }

  @Test
  void theBuildKeysTheClassicBuilderTakesShowOnTheImage() throws Exception {
    Path app = Files.createDirectories(work.resolve("app"));
    Files.writeString(app.resolve("app.txt"), "from the context\n");
    ComposeProject project = project("name: h3-build\nservices:\n"
        + service("app", """
            labels: {dev.h3.team: core}
            tags: [h3-build-app:extra]
            cache_from: [h3-build-app:warm]
            no_cache: true
            platforms: [linux/amd64]
            """)
        + service("cached", "cache_from: [h3-build-app:warm]")
        + service("uncached", "cache_from: [alpine:3.17]"));
    // The same steps built once before, for the services to take from the cache or not.
    engine.buildImage(new ImageBuild(app, null, DOCKERFILE, null, List.of("h3-build-app:warm"), Map.of(),
        Map.of("GREETING", "hello-h3"), List.of(), false, false, "none", 96L << 20, List.of("h3-db:172.31.245.5"),
        null), line -> { });

    assertThat(TargetKeys.check(project, TargetKeys.singleHost(engine.info()), "single-host", "x"))
        .extracting(CheckResult::actual).containsExactly("all honoured");
    List<String> output = new ArrayList<>();
    DeployContext context = context(project, output);
    new BuildImagesStep().run(context);

    String id = context.imageIds().get("app");
    JsonNode image = new ObjectMapper().readTree(run("docker", "image", "inspect", id)).get(0);
    assertThat(image.path("Config").path("Labels").path("dev.h3.team").asText()).isEqualTo("core");
    assertThat(image.path("Config").path("Labels").path(BuildImagesStep.IMAGE_PROJECT).asText()).isEqualTo("h3-build");
    List<String> tags = new ArrayList<>();
    image.path("RepoTags").forEach(tag -> tags.add(tag.asText()));
    assertThat(tags).contains("h3-build-app:1", "h3-build-app:extra", "h3-build-app:r1");
    assertThat(image.path("Os").asText() + "/" + image.path("Architecture").asText()).isEqualTo("linux/amd64");
    // The inline Dockerfile built it: its ARG, COPY and RUN; its own file stayed out of COPY and of the context.
    assertThat(cat(id, "/greeting")).isEqualTo("hello-h3\n");
    assertThat(cat(id, "/ctx.txt")).isEqualTo("app.txt\n");
    try (Stream<Path> files = Files.list(app)) {
      assertThat(files.map(file -> file.getFileName().toString())).containsExactly("app.txt");
    }
    // What the RUN step saw: the extra host, no network but loopback, a 96 MiB /dev/shm.
    assertThat(cat(id, "/hosts.txt")).contains("172.31.245.5\th3-db");
    assertThat(cat(id, "/nets.txt")).isEqualTo("lo\n");
    assertThat(cat(id, "/shm.txt")).contains(" 98304 ");
    // The warm image's layers serve as cache where cache_from names it, unless no_cache; naming
    // only alpine leaves them out (on Engine 20.10 the classic builder then takes no local cache).
    assertThat(buildOutput(output, "app")).anyMatch(line -> line.startsWith("Step 4/"))
        .noneMatch(line -> line.contains("Using cache"));
    assertThat(buildOutput(output, "cached")).anyMatch(line -> line.contains("Using cache"));
    assertThat(buildOutput(output, "uncached")).anyMatch(line -> line.startsWith("Step 4/"))
        .noneMatch(line -> line.contains("Using cache"));
  }

  /** A service h3-build-NAME built by {@link #DOCKERFILE} inline, with the RUN settings and {@code more} build keys. */
  private static String service(String name, String more) {
    return """
          %s:
            image: h3-build-%s:1
            build:
              context: ./app
              dockerfile_inline: |
        %s
              args: {GREETING: hello-h3}
              network: none
              shm_size: 96m
              extra_hosts: ["h3-db:172.31.245.5"]
        %s
        """.formatted(name, name, DOCKERFILE.replace("$", "$$").indent(8), more.indent(6)); // $$: Compose interpolates
  }

  /** The lines the build of service {@code name} printed. */
  private static List<String> buildOutput(List<String> output, String name) {
    int from = output.indexOf(output.stream().filter(line -> line.startsWith("building h3-build-" + name + ":1 "))
        .findFirst().orElseThrow());
    int to = from + 1;
    while (to < output.size() && !output.get(to).startsWith("building ")) {
      to++;
    }
    return output.subList(from + 1, to);
  }

  /** The engine's own platform passes; another is refused before anything changes, naming the engine's. */
  @Test
  void aPlatformOtherThanTheEnginesIsRefusedNamingIt() throws Exception {
    Files.createDirectories(work.resolve("app"));
    ContainerEngine.EngineInfo info = engine.info();
    ComposeProject project = project("""
        name: h3-build
        services:
          app:
            image: h3-build-app:1
            build:
              context: ./app
              dockerfile_inline: FROM alpine:3.17
              platforms: [linux/s390x]
        """);

    assertThat(info.platform()).isEqualTo("linux/amd64");
    assertThat(TargetKeys.check(project, TargetKeys.singleHost(info), "single-host", "x"))
        .extracting(CheckResult::actual).singleElement().asString()
        .endsWith("services.app.build.platforms[0]: not supported on the single-host target: the engine's classic"
            + " builder builds for its own platform, linux/amd64 (Docker " + info.version() + "); building for"
            + " another, or for several, needs BuildKit");
  }

  /**
   * A project folder as its own build context, with the deployer's state inside it ({@code deployer
   * compose}'s .deployer): {@code COPY . /ctx} does not get it, backups and all, and a deploy that
   * only changed the state (a new report) builds nothing; a changed source file still builds.
   */
  @Test
  void theDeployersStateInsideTheContextIsNeitherSentNorARebuild() throws Exception {
    Files.writeString(work.resolve("Dockerfile"), "FROM alpine:3.17\nCOPY . /ctx/\n");
    Files.writeString(work.resolve("app.txt"), "v1\n");
    Path state = work.resolve(".deployer/compose");
    Files.writeString(Files.createDirectories(state.resolve("backups/r0")).resolve("db.sql"), "INSERT secret;\n");
    Files.createDirectories(state.resolve("reports"));
    ComposeProject project = project("""
        name: j1-build
        services:
          state:
            image: j1-build-state:1
            build: .
        """);

    List<String> built = new ArrayList<>();
    DeployContext first = context(project, built, state, "r1");
    new BuildImagesStep().run(first);
    String id = first.imageIds().get("state");
    assertThat(built).contains("not sent with the context: .deployer (the deployer's state)");
    assertThat(run("docker", "run", "--rm", "--network", "none", id, "ls", "-A", "/ctx"))
        .isEqualTo("Dockerfile\napp.txt\ncompose.yaml\n");

    Files.writeString(state.resolve("reports/r1.json"), "{\"outcome\":\"deployed\"}\n");
    Files.createDirectories(state.resolve("backups/r1"));
    List<String> output = new ArrayList<>();
    DeployContext second = context(project, output, state, "r2");
    new BuildImagesStep().run(second);
    assertThat(second.imageIds().get("state")).isEqualTo(id);
    assertThat(output).contains("context unchanged since j1-build-state:1 was built; not rebuilt")
        .noneMatch(line -> line.startsWith("Step "));

    Files.writeString(work.resolve("app.txt"), "v2\n");
    DeployContext third = context(project, new ArrayList<>(), state, "r3");
    new BuildImagesStep().run(third);
    assertThat(third.imageIds().get("state")).isNotEqualTo(id);
  }

  private ComposeProject project(String yaml) throws Exception {
    Path file = Files.writeString(work.resolve("compose.yaml"), yaml);
    return new ComposeLoader(Map.of()).load(file, Set.of());
  }

  private DeployContext context(ComposeProject project, List<String> output) {
    return context(project, output, work, "r1");
  }

  private DeployContext context(ComposeProject project, List<String> output, Path state, String release) {
    DeployRequest request = new DeployRequest("local", work.resolve("compose.yaml"), state, Map.of(), null);
    EventSink events = event -> output.add(event.message());
    DeployContext context = new DeployContext(request, events, settings -> engine, release);
    context.loaded(DeploymentConfig.forComposeFile("h3-build", work.resolve("compose.yaml"), Map.of()), project);
    return context;
  }

  private static String cat(String image, String file) throws IOException, InterruptedException {
    return run("docker", "run", "--rm", "--network", "none", image, "cat", file);
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    return out;
  }
}
