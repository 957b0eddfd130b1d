package dev.deployer.pipeline;

import dev.deployer.infrastructure.check.CheckResult;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.compose.FilePlace;
import dev.deployer.infrastructure.compose.FileSource;
import dev.deployer.infrastructure.compose.KeyPlaces;
import dev.deployer.infrastructure.compose.ServiceOptions;
import dev.deployer.infrastructure.engine.SwarmEngine;
import dev.deployer.infrastructure.engine.SwarmFileGrant;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pre-deployment checks of the secrets and configs the services are given, beyond the keys a
 * target refuses ({@link TargetKeys}): each value can be had (its file is there, its environment
 * variable set), and what a target cannot do with one particular grant or source, named by file,
 * line and key.
 */
public final class SecretsConfigsChecks {

  private SecretsConfigsChecks() {}

  /** Each used file source's file exists and each used environment source's variable is set. */
  public static List<CheckResult> values(ComposeProject project, String category) {
    List<CheckResult> results = new ArrayList<>();
    used(project).forEach((path, source) -> {
      if (source.kind() == FileSource.Kind.FILE && !Files.isRegularFile(source.file())) {
        results.add(fail(path, category, "a readable file", place(project, path + ".file").describe(
            "no file " + source.file())));
      } else if (source.kind() == FileSource.Kind.ENVIRONMENT && source.value() == null) {
        results.add(fail(path, category, "the variable set", place(project, path + ".environment").describe(
            "environment variable " + source.environment() + " is not set")));
      }
    });
    return results;
  }

  /**
   * On a single host a file source is bind-mounted: the container sees the host file's own owner
   * and mode, so a grant's {@code uid}, {@code gid} or {@code mode} for one cannot be honoured
   * (Compose ignores them with a warning); for an environment or content source they are.
   */
  public static List<CheckResult> singleHostOwnership(ComposeProject project, String category) {
    List<CheckResult> results = new ArrayList<>();
    for (ComposeService service : project.services().values()) {
      for (String kind : List.of("secrets", "configs")) {
        List<ServiceOptions.FileGrant> grants = kind.equals("secrets")
            ? service.options().secrets() : service.options().configs();
        for (int i = 0; i < grants.size(); i++) {
          if (grants.get(i).from().kind() != FileSource.Kind.FILE) {
            continue;
          }
          for (String key : List.of("uid", "gid", "mode")) {
            for (KeyPlaces.Key found : project.places().find(service.name(), kind + "[" + i + "]." + key)) {
              results.add(fail("compose key " + found.place().key(), category, "honoured by the single-host target",
                  found.place().describe("not supported on the single-host target: " + kind + " from a file are"
                      + " bind-mounted, so the container sees the host file's own owner and mode; use an"
                      + " environment" + (kind.equals("configs") ? " or content" : "") + " source, or set them on"
                      + " the host file")));
            }
          }
        }
      }
    }
    return results;
  }

  /** Each external secret or config a service uses exists in the swarm, by its name. */
  public static List<CheckResult> externals(ComposeProject project, SwarmEngine swarm, String category) {
    List<CheckResult> results = new ArrayList<>();
    used(project).forEach((path, source) -> {
      if (source.external()) {
        SwarmFileGrant.Kind kind = path.startsWith("secrets.") ? SwarmFileGrant.Kind.SECRET : SwarmFileGrant.Kind.CONFIG;
        boolean present = swarm.fileObject(kind, source.name()).isPresent();
        String expected = "external " + kind.name().toLowerCase(java.util.Locale.ROOT) + " " + source.name()
            + " in the swarm";
        results.add(present ? new CheckResult(path, category, CheckResult.Verdict.PASS, expected, "present",
            Duration.ZERO, Instant.now())
            : fail(path, category, expected, place(project, path + ".external").describe("the swarm has no "
                + kind.name().toLowerCase(java.util.Locale.ROOT) + " named " + source.name()
                + "; create it (docker " + kind.name().toLowerCase(java.util.Locale.ROOT) + " create) first")));
      }
    });
    return results;
  }

  /** The sources the services use, by their top-level path ({@code secrets.db_password}). */
  private static Map<String, FileSource> used(ComposeProject project) {
    Map<String, FileSource> used = new LinkedHashMap<>();
    for (ComposeService service : project.services().values()) {
      service.options().secrets().forEach(g -> used.putIfAbsent("secrets." + g.source(), g.from()));
      service.options().configs().forEach(g -> used.putIfAbsent("configs." + g.source(), g.from()));
    }
    return used;
  }

  private static FilePlace place(ComposeProject project, String path) {
    List<KeyPlaces.Key> keys = project.places().findTopLevel(path);
    if (keys.isEmpty()) {
      keys = project.places().findTopLevel(path.substring(0, path.lastIndexOf('.')));
    }
    return keys.isEmpty() ? new FilePlace(project.configFiles().isEmpty() ? project.name()
        : project.configFiles().get(0).toString(), 0, path) : keys.get(0).place();
  }

  private static CheckResult fail(String name, String category, String expected, String actual) {
    return new CheckResult(name, category, CheckResult.Verdict.FAIL, expected, actual, Duration.ZERO, Instant.now());
  }
}
