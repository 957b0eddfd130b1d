package dev.deployer.infrastructure.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildContextsTest {

  @TempDir
  Path context;

  @BeforeEach
  void writeContext() throws IOException {
    Files.writeString(context.resolve("Dockerfile"), "FROM eclipse-temurin:17-jre\nCOPY app.jar /app.jar\n");
    Files.writeString(context.resolve("app.jar"), "v1");
  }

  private String fingerprint(Map<String, String> args, String baseId) {
    return fingerprint(new ImageBuild(context, "Dockerfile", null, List.of("app:1"), Map.of("p", "x"), args), baseId);
  }

  private String fingerprint(ImageBuild build, String baseId) {
    String dockerfile = BuildRequests.dockerfileText(build);
    return BuildContexts.fingerprint(build, ContextTars.scan(build, dockerfile).files(), dockerfile, image -> baseId);
  }

  private String fingerprint() {
    return fingerprint(Map.of(), "sha256:a");
  }

  @Test
  void theSameContextGivesTheSameFingerprint() {
    assertThat(fingerprint(Map.of(), "sha256:a")).isEqualTo(fingerprint(Map.of(), "sha256:a"));
  }

  @Test
  void aChangedFileBuildArgumentOrBaseImageChangesIt() throws IOException {
    String before = fingerprint(Map.of(), "sha256:a");

    assertThat(fingerprint(Map.of("X", "1"), "sha256:a")).isNotEqualTo(before);
    assertThat(fingerprint(Map.of(), "sha256:b")).isNotEqualTo(before);
    Files.writeString(context.resolve("app.jar"), "v2");
    Files.setLastModifiedTime(context.resolve("app.jar"), FileTime.fromMillis(0));
    assertThat(fingerprint(Map.of(), "sha256:a")).isNotEqualTo(before);
  }

  /** What the .dockerignore keeps from the engine cannot change the image: changing it leaves the fingerprint. */
  @Test
  void anIgnoredFileDoesNotCountButTheDockerignoreAndWhatItLetsThroughDo() throws IOException {
    Files.writeString(context.resolve(".dockerignore"), "logs\n*.tmp\n!keep.tmp\n");
    Files.createDirectories(context.resolve("logs"));
    Files.writeString(context.resolve("logs/today.log"), "a");
    Files.writeString(context.resolve("scratch.tmp"), "a");
    Files.writeString(context.resolve("keep.tmp"), "a");
    String before = fingerprint();

    Files.writeString(context.resolve("logs/today.log"), "a longer line");
    Files.writeString(context.resolve("logs/tomorrow.log"), "new");
    Files.writeString(context.resolve("scratch.tmp"), "changed");
    assertThat(fingerprint()).isEqualTo(before);

    Files.writeString(context.resolve("keep.tmp"), "changed");
    String kept = fingerprint();
    assertThat(kept).isNotEqualTo(before);
    Files.writeString(context.resolve(".dockerignore"), "logs\n*.tmp\n");
    assertThat(fingerprint()).isNotEqualTo(kept);
  }

  /**
   * The deployer's state inside the context (reports written by every deploy, backups) is not sent,
   * so it does not count either, even where the .dockerignore would let it through.
   */
  @Test
  void aWithheldDirectoryInsideTheContextDoesNotCount() throws IOException {
    Path state = Files.createDirectories(context.resolve(".deployer/compose/reports"));
    Files.writeString(context.resolve(".dockerignore"), "*.tmp\n!.deployer\n");
    ImageBuild build = new ImageBuild(context, "Dockerfile", null, List.of("app:1"), Map.of(), Map.of())
        .withholding(List.of(context.resolve(".deployer/compose"), context.resolve(".deployer")));
    String before = fingerprint(build, "sha256:a");

    Files.writeString(state.resolve("deploy-1.json"), "{}");
    Files.createDirectories(context.resolve(".deployer/staging/backups"));
    assertThat(fingerprint(build, "sha256:a")).isEqualTo(before);
    // Without withholding, the same change counts: the .dockerignore lets it through.
    ImageBuild plain = new ImageBuild(context, "Dockerfile", null, List.of("app:1"), Map.of(), Map.of());
    String sent = fingerprint(plain, "sha256:a");
    Files.writeString(state.resolve("deploy-2.json"), "{}");
    assertThat(fingerprint(plain, "sha256:a")).isNotEqualTo(sent);
  }

  /** What RUN steps see can change what they write: network, /dev/shm, /etc/hosts, platform; and an inline Dockerfile's text. */
  @Test
  void theRunSettingsAndAnInlineDockerfileChangeIt() {
    ImageBuild plain = new ImageBuild(context, "Dockerfile", null, List.of("app:1"), Map.of(), Map.of());
    String before = fingerprint(plain, "sha256:a");

    assertThat(List.of(
        with(plain, "none", null, List.of(), null),
        with(plain, null, 1L << 27, List.of(), null),
        with(plain, null, null, List.of("db:10.0.0.5"), null),
        with(plain, null, null, List.of(), "linux/amd64"),
        new ImageBuild(context, null, "FROM eclipse-temurin:17-jre\n", null, List.of("app:1"), Map.of(), Map.of(),
            List.of(), false, false, null, null, List.of(), null)))
        .allSatisfy(build -> assertThat(fingerprint(build, "sha256:a")).isNotEqualTo(before));
  }

  private static ImageBuild with(ImageBuild b, String network, Long shm, List<String> hosts, String platform) {
    return new ImageBuild(b.context(), b.dockerfile(), null, null, b.tags(), b.labels(), b.args(), List.of(), false,
        false, network, shm, hosts, platform);
  }
}
