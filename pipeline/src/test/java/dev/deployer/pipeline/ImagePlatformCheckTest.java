package dev.deployer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.check.CheckResult;
import dev.deployer.infrastructure.compose.ComposeLoader;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ImageConfig;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 05-services.md platform against the image the engine holds, for the single-host targets. */
class ImagePlatformCheckTest {

  @TempDir
  Path work;

  private ComposeProject project(String service) throws Exception {
    Files.writeString(work.resolve("Dockerfile"), "FROM alpine:3.17\n");
    Path file = Files.writeString(work.resolve("compose.yaml"), "name: demo\nservices:\n  app:\n" + service);
    return new ComposeLoader(Map.of()).load(file, Set.of());
  }

  private static ContainerEngine engine(String platform) {
    return (ContainerEngine) Proxy.newProxyInstance(ImagePlatformCheckTest.class.getClassLoader(),
        new Class<?>[] {ContainerEngine.class}, (proxy, method, args) -> switch (method.getName()) {
          case "imageConfig" -> Optional.of(new ImageConfig("sha256:1", "", List.of(), List.of(), List.of(), platform));
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }

  private CheckResult check(ContainerEngine engine, ComposeProject project) {
    return ImagePlatformCheck.check(engine, project, project.service("app"), "pre-deployment");
  }

  @Test
  void aMatchingImageWithAVariantPassesSayingTheVariantIsNotCompared() throws Exception {
    ComposeProject project = project("    image: demo:1\n    platform: linux/aarch64/v8\n");

    CheckResult result = check(engine("linux/arm64"), project);

    assertThat(result.verdict()).isEqualTo(CheckResult.Verdict.PASS);
    assertThat(result.actual()).isEqualTo("linux/arm64 (its variant is not compared: the engine client does not"
        + " read an image's variant)");
  }

  @Test
  void anImageWhosePlatformTheEngineDoesNotReportIsAWarning() throws Exception {
    ComposeProject project = project("    image: demo:1\n    platform: linux/amd64\n");

    CheckResult result = check(engine(null), project);

    assertThat(result.verdict()).isEqualTo(CheckResult.Verdict.WARN);
    assertThat(result.actual()).startsWith("the engine did not report the platform of demo:1");
  }

  @Test
  void nothingIsCheckedWithoutAPlatformOrForAServiceBuiltHere() throws Exception {
    assertThat(check(engine("linux/amd64"), project("    image: demo:1\n"))).isNull();
    assertThat(check(engine("linux/s390x"), project("    build: .\n    platform: linux/amd64\n"))).isNull();
  }
}
