package dev.deployer.infrastructure.baseline;

import dev.deployer.infrastructure.check.Check;
import dev.deployer.infrastructure.check.RuleCheck;
import dev.deployer.infrastructure.check.ServiceContainer;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.engine.ImageConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;

/** Checks that a running stack has not drifted from its baseline in what it is made of. */
final class Drifts {

  private Drifts() {}

  /** The same services as the baseline, no fewer and no more. */
  static Check services(Baseline baseline, ComposeProject project) {
    return new RuleCheck("services", "services", "services " + baseline.services().keySet(), () -> {
      List<String> found = new ArrayList<>();
      for (String name : baseline.services().keySet()) {
        if (!project.services().containsKey(name)) {
          found.add(name + " is in the baseline but not in " + project.name());
        }
      }
      for (String name : new TreeSet<>(project.services().keySet())) {
        if (!baseline.services().containsKey(name)) {
          found.add(name + " is not in the baseline");
        }
      }
      return found;
    });
  }

  /** The image's user, entrypoint and exposed ports, and the container's health check, as in the baseline. */
  static Check image(String service, Baseline.ServiceBaseline expected, Supplier<Optional<ServiceContainer>> actual) {
    Baseline.ImageBaseline image = expected.image();
    return new RuleCheck("image " + service, "image", "user '" + image.user() + "', entrypoint " + image.entrypoint()
        + ", exposes " + image.exposedPorts() + (expected.healthcheck() == null ? "" : ", health check "
        + expected.healthcheck()), () -> {
          ServiceContainer running = actual.get().orElseThrow(() -> new IllegalStateException("no running container"));
          ImageConfig now = running.image();
          if (now == null) {
            throw new IllegalStateException("image " + running.container().image() + " cannot be inspected");
          }
          List<String> found = new ArrayList<>();
          differs(found, "user", image.user(), now.user());
          differs(found, "entrypoint", image.entrypoint(), now.entrypoint());
          differs(found, "exposed ports", image.exposedPorts(), now.exposedPorts());
          if (expected.healthcheck() != null) {
            differs(found, "health check", expected.healthcheck(), running.settings().healthcheck());
          }
          return found;
        });
  }

  /** Privileges, user, Docker socket and limits as in the baseline. */
  static Check security(String service, Baseline.Security expected, Supplier<Optional<ServiceContainer>> actual) {
    return new RuleCheck("security settings " + service, "security", describe(expected), () -> {
      ServiceContainer running = actual.get().orElseThrow(() -> new IllegalStateException("no running container"));
      boolean socket = running.settings().mounts().stream()
          .anyMatch(m -> m.source() != null && m.source().endsWith("docker.sock"));
      List<String> found = new ArrayList<>();
      differs(found, "user", expected.user(), running.effectiveUser());
      differs(found, "runs as root", expected.runsAsRoot(), running.runsAsRoot());
      differs(found, "privileged", expected.privileged(), running.settings().privileged());
      differs(found, "Docker socket mounted", expected.dockerSocket(), socket);
      differs(found, "CPU limit", expected.cpuLimit(), Math.round(running.settings().nanoCpus() / 1e8) / 10.0);
      differs(found, "memory limit MiB", expected.memoryLimitMib(), running.settings().memoryBytes() >> 20);
      return found;
    });
  }

  private static String describe(Baseline.Security s) {
    return "user '" + s.user() + "'" + (s.runsAsRoot() ? " (root)" : "") + ", privileged " + s.privileged()
        + ", Docker socket " + s.dockerSocket() + ", CPU limit " + s.cpuLimit() + ", memory limit "
        + s.memoryLimitMib() + " MiB";
  }

  private static void differs(List<String> found, String what, Object expected, Object actual) {
    if (!Objects.equals(expected, actual)) {
      found.add(what + " is " + actual + ", baseline " + expected);
    }
  }
}
