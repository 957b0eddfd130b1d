package dev.deployer.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.engine.DockerEngines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What really survives {@code docker image prune -a -f} on the engine: a tagged image that no
 * container uses is removed, tag or not; a held release's image stays, though prune untags all but
 * one of its tags (so a rollback finds release images by id and re-tags them). The prune is the
 * real command, limited by a label to the probe images this test builds, so nobody else's images
 * are touched.
 */
class ReleaseImagesIT {

  @TempDir
  Path work;

  ContainerEngine engine;
  String probe;
  String project;

  @BeforeEach
  void connect() {
    engine = DockerEngines.connect("unix:///var/run/docker.sock", false, "");
    probe = "rbprobe" + UUID.randomUUID().toString().substring(0, 8);
    project = "scheduler-rb2";
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (ContainerInfo hold : engine.containers(Map.of(ReleaseImages.HOLD, project))) {
      engine.removeContainer(hold.id());
    }
    prune();
    engine.close();
  }

  @Test
  void aHeldReleaseImageSurvivesPruneAllAndAnUnheldOneDoesNot() throws Exception {
    Release held = release("20261123-100000-aaaa", build("held"));
    Release unheld = release("20261123-110000-bbbb", build("unheld"));
    ReleaseImages images = new ReleaseImages(engine, project);

    images.hold(held);
    images.hold(held);
    String output = prune();

    assertThat(images.imagesPresent(held)).as(output).isTrue();
    assertThat(images.imagesPresent(unheld)).as(output).isFalse();
    assertThat(engine.imageId(held.services().get("app").imageId())).isPresent();
    assertThat(images.holds()).hasSize(1).allSatisfy(hold -> {
      assertThat(hold.state()).isEqualTo("created");
      assertThat(hold.labels()).doesNotContainKey("com.docker.compose.project");
    });

    images.release(held);
    prune();

    assertThat(images.holds()).isEmpty();
    assertThat(images.imagesPresent(held)).isFalse();
  }

  @Test
  void releasingAllLeavesNoHoldNotEvenAnOrphanAndNoReleaseTag() throws Exception {
    ReleaseLedger ledger = new ReleaseLedger(work.resolve("state"));
    Release first = release("20261123-120000-cccc", build("first"));
    Release second = release("20261123-130000-dddd", build("second"));
    Release orphan = release("20261123-140000-eeee", build("orphan"));
    ledger.add(first);
    ledger.add(second);
    ReleaseImages images = new ReleaseImages(engine, project);
    images.hold(first);
    images.hold(second);
    images.hold(orphan);
    List<String> progress = new java.util.ArrayList<>();

    List<String> released = images.releaseAll(ledger, progress::add);

    assertThat(released).containsExactly(first.id(), second.id());
    assertThat(images.holds()).as("the orphan's hold, of a release no ledger knows, goes too").isEmpty();
    assertThat(engine.imageId(probe + ":" + first.id())).isEmpty();
    assertThat(engine.imageId(probe + ":" + second.id())).isEmpty();
    assertThat(ledger.releases()).noneMatch(Release::imagesKept);
    assertThat(progress).singleElement().asString().contains("2 release(s)");
  }

  private String build(String name) throws IOException {
    Path context = Files.createDirectories(work.resolve(name));
    Files.writeString(context.resolve("marker"), probe + "-" + name);
    Files.writeString(context.resolve("Dockerfile"),
        "FROM alpine:3.17\nLABEL dev.deployer.probe=" + probe + "\nCOPY marker /marker\n");
    return engine.buildImage(context, "Dockerfile", List.of(probe + ":" + name), Map.of(), Map.of(), line -> { });
  }

  private Release release(String id, String imageId) {
    engine.tagImage(imageId, probe + ":" + id);
    return new Release(id, "rb2", project, Instant.now(), "it", "host", null, "deploy", ReleaseStatus.VERIFIED,
        Map.of("app", new Release.ServiceImage(probe + ":" + id, imageId, "hash")), "c", "d", null, true, List.of(),
        List.of());
  }

  /** The real `docker image prune -a -f`, limited to this test's probe images by their label. */
  private String prune() throws IOException, InterruptedException {
    Process docker = new ProcessBuilder("docker", "image", "prune", "-a", "-f", "--filter",
        "label=dev.deployer.probe=" + probe).redirectErrorStream(true).start();
    String output = new String(docker.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(docker.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(docker.exitValue()).as(output).isZero();
    return output;
  }
}
