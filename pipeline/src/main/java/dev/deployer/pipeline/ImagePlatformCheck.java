package dev.deployer.pipeline;

import dev.deployer.infrastructure.check.CheckResult;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.compose.FilePlace;
import dev.deployer.infrastructure.compose.KeyPlaces;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ImageConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A service's {@code platform} against the image the engine holds for it: the single-host targets
 * create the container from that image, so one built for another platform is refused before
 * anything changes, naming both. The engine client does not read an image's variant ({@code v8}),
 * so only the OS and architecture are compared.
 */
final class ImagePlatformCheck {

  /** The architecture names the engine reports for those {@code uname -m} gives. */
  private static final Map<String, String> ARCHITECTURES = Map.of("x86_64", "amd64", "aarch64", "arm64");

  private ImagePlatformCheck() {}

  /** Null when the service sets no platform or is built here (a build is for the engine's platform). */
  static CheckResult check(ContainerEngine engine, ComposeProject project, ComposeService service, String category) {
    String wanted = service.options().extended().platform();
    if (wanted == null || service.build() != null) {
      return null;
    }
    String name = "platform " + service.name();
    String expected = service.image() + " for " + wanted;
    Optional<String> found = engine.imageConfig(service.image()).map(ImageConfig::platform);
    if (found.isEmpty()) {
      return result(name, category, CheckResult.Verdict.WARN, expected,
          "the engine did not report the platform of " + service.image() + "; the engine checks it when it creates"
              + " the container");
    }
    String[] parts = wanted.split("/");
    String osArch = osArch(wanted);
    if (!osArch.equals(found.get())) {
      return result(name, category, CheckResult.Verdict.FAIL, expected, place(project, service).describe(
          "the image " + service.image() + " on the engine is for " + found.get() + ", not " + wanted
              + "; pull or build it for " + wanted + ", or change platform"));
    }
    String actual = found.get() + (parts.length == 3 ? " (its variant is not compared: the engine client does not"
        + " read an image's variant)" : "");
    return result(name, category, CheckResult.Verdict.PASS, expected, actual);
  }

  /** {@code os/architecture} of a platform ({@code linux/x86_64/v2}), in the names the engine reports. */
  static String osArch(String platform) {
    String[] parts = platform.toLowerCase(Locale.ROOT).split("/");
    return parts.length < 2 ? parts[0] : parts[0] + "/" + ARCHITECTURES.getOrDefault(parts[1], parts[1]);
  }

  static FilePlace place(ComposeProject project, ComposeService service) {
    List<KeyPlaces.Key> keys = project.places().find(service.name(), "platform");
    return keys.isEmpty() ? new FilePlace("the compose file", 0, "services." + service.name() + ".platform")
        : keys.get(0).place();
  }

  private static CheckResult result(String name, String category, CheckResult.Verdict verdict, String expected,
      String actual) {
    return new CheckResult(name, category, verdict, expected, actual, Duration.ZERO, Instant.now());
  }
}
