package dev.deployer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.stack.ComposeLabels;
import dev.deployer.rollback.Release;
import dev.deployer.rollback.ReleaseImages;
import dev.deployer.rollback.ReleaseLedger;
import dev.deployer.rollback.ReleaseStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Release retention as verification and rollback apply it: the newest N verified releases keep
 * their images, and so does the one running, however old; every other release loses its holds and
 * tags; a release still deploying is never touched.
 */
class ReleaseRetentionTest {

  static final String PROJECT = "scheduler-staging";

  @TempDir
  Path state;

  FakeEngine engine;
  ReleaseLedger ledger;
  ReleaseImages images;

  @BeforeEach
  void setUp() {
    engine = new FakeEngine();
    ledger = new ReleaseLedger(state);
    images = new ReleaseImages(engine, PROJECT);
  }

  Release add(String id, ReleaseStatus status) {
    Release release = new Release(id, "staging", PROJECT, Instant.now(), "ci", "host", null, "deploy", status,
        Map.of("api", new Release.ServiceImage("scheduler-app:" + id, "sha256:" + id, "h-" + id),
            "db", new Release.ServiceImage("postgres:15", "sha256:pg", "h-db")),
        "c", "d", null, true, List.of(), List.of());
    ledger.add(release);
    images.hold(release);
    return release;
  }

  List<String> held() {
    return images.holds().stream().map(hold -> hold.label(ComposeLabels.RELEASE)).sorted().toList();
  }

  Optional<Boolean> imagesKept(String id) {
    return ledger.find(id).map(Release::imagesKept);
  }

  @Test
  void keepsTheNewestVerifiedAndTheRunningOneAndReleasesTheRest() {
    add("r1", ReleaseStatus.VERIFIED);
    add("r2", ReleaseStatus.VERIFIED);
    add("r3", ReleaseStatus.VERIFIED);
    add("r4", ReleaseStatus.FAILED);
    add("r5", ReleaseStatus.VERIFIED);
    add("r6", ReleaseStatus.DEPLOYING);
    // A rollback put r2 back: it runs, though two newer verified releases exist.
    ledger.setCurrent("r2");
    List<String> progress = new ArrayList<>();

    List<String> released = images.applyRetention(ledger, 2, Set.of(), progress::add);

    assertThat(released).containsExactly("r1", "r4");
    assertThat(held()).containsExactly("r2", "r3", "r5", "r6");
    assertThat(engine.removedImages).containsExactlyInAnyOrder("scheduler-app:r1", "scheduler-app:r4");
    assertThat(imagesKept("r1")).contains(false);
    assertThat(imagesKept("r2")).contains(true);
    assertThat(imagesKept("r6")).as("still deploying").contains(true);
    assertThat(progress).containsExactly("retention: released the images of r1 (verified)",
        "retention: released the images of r4 (failed)");
  }

  @Test
  void theReleaseJustVerifiedIsProtectedEvenWithKeepOneAndAReleasedOneStaysReleased() {
    add("r1", ReleaseStatus.VERIFIED);
    add("r2", ReleaseStatus.VERIFIED);
    ledger.setCurrent("r1");
    add("r3", ReleaseStatus.DEPLOYED);

    assertThat(images.applyRetention(ledger, 1, Set.of("r3"), line -> { })).isEmpty();
    assertThat(held()).containsExactly("r1", "r2", "r3");

    ledger.setCurrent("r3");
    assertThat(images.applyRetention(ledger, 1, Set.of("r3"), line -> { })).containsExactly("r1");
    assertThat(images.applyRetention(ledger, 1, Set.of("r3"), line -> { })).as("nothing left to release").isEmpty();
    assertThat(held()).containsExactly("r2", "r3");
    assertThat(engine.containers(Map.of(ReleaseImages.HOLD, PROJECT))).extracting(ContainerInfo::state)
        .containsOnly("created");
  }

  @Test
  void aReleasedReleaseLosesTheSecretAndConfigFilesItKeptAndAKeptOneDoesNot() throws Exception {
    add("r1", ReleaseStatus.VERIFIED);
    add("r2", ReleaseStatus.VERIFIED);
    ledger.setCurrent("r2");
    for (String id : List.of("r1", "r2")) {
      Path values = java.nio.file.Files.createDirectories(ledger.releaseDirectory(id).resolve("values"));
      java.nio.file.Files.writeString(values.resolve("secrets.token"), "value of " + id);
      java.nio.file.Files.writeString(ledger.releaseDirectory(id).resolve("snapshot.json"), "{}");
    }

    assertThat(images.applyRetention(ledger, 1, Set.of(), line -> { })).containsExactly("r1");

    assertThat(ledger.releaseDirectory("r1").resolve("values")).doesNotExist();
    assertThat(ledger.releaseDirectory("r1").resolve("snapshot.json")).as("the record stays").exists();
    assertThat(ledger.releaseDirectory("r2").resolve("values/secrets.token")).hasContent("value of r2");
  }
}
