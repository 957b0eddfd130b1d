package dev.deployer.infrastructure.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
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
    return BuildContexts.fingerprint(context, "Dockerfile", args, Map.of("p", "x"), image -> baseId);
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
}
