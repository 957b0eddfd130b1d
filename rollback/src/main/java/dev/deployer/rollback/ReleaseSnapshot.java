package dev.deployer.rollback;

import dev.deployer.infrastructure.compose.BuildSpec;
import dev.deployer.infrastructure.compose.ComposeException;
import dev.deployer.infrastructure.compose.ComposeLoader;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.compose.DotEnv;
import dev.deployer.infrastructure.compose.ValueDigestKey;
import dev.deployer.infrastructure.compose.VolumeMount;
import dev.deployer.infrastructure.config.ConfigException;
import dev.deployer.infrastructure.config.ConfigLoader;
import dev.deployer.infrastructure.config.DeploymentConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration a release was deployed with: copies of its deployment config, compose file
 * and {@code .env}, laid out as they were relative to each other so relative paths still
 * resolve. Loading one gives back the project exactly as it was deployed, with the original
 * project directory, so its containers' config hashes match those of the release.
 *
 * <p>The process environment the files were interpolated with is part of the release too: a
 * release deployed with {@code SCHEDULER_RELEASE=v2 deployer deploy} must not come back with
 * whatever the rolling-back shell has set, and a failed deploy's own variables must not leak into
 * its automatic rollback. So the values of the variables the files refer to are kept (unset ones
 * as unset), except secrets (names with PASSWORD, SECRET, TOKEN or KEY, and the variables of
 * {@code environment} secrets): they are never written to disk, so the copy of {@code .env} leaves
 * out their lines, and they come from the environment of the rollback, or where it does not set
 * them from the project's {@code .env} as it is at the rollback (the environment over {@code .env},
 * as for Compose). The other lines of {@code .env} are copied as they are, so its other values are
 * the release's. The files of {@code file} secrets and configs are copied, and a rollback mounts the
 * copies ({@link ReleaseValues}).
 */
public final class ReleaseSnapshot {

  private static final String META = "snapshot.json";
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)");

  private final Path directory;

  public ReleaseSnapshot(Path directory) {
    this.directory = directory.toAbsolutePath().normalize();
  }

  /**
   * Where the files came from, where their copies are (relative to the snapshot directory), the
   * variables they refer to as they were set (null: unset; the map itself is null in snapshots
   * older than this field), the secret and config values kept (null in older snapshots), and the
   * names of the variables {@code environment} secrets are read from (never their values; null in
   * snapshots older than this field, whose {@code .env} copy is whole).
   */
  record Meta(Path configFile, Path composeFile, String configCopy, String composeCopy,
      Map<String, String> environment, ReleaseValues.Kept values, Set<String> secretVariables) {}

  /**
   * A reloaded release: its config, its resolved compose project, and one line per granted secret
   * or config from a file or a variable saying where its value comes from (for the rollback's output).
   */
  public record Loaded(DeploymentConfig config, ComposeProject project, List<String> valueNotes) {}

  public boolean exists() {
    return Files.isRegularFile(directory.resolve(META));
  }

  /**
   * Copies the files, keeps the variables they refer to and the secret and config values of
   * {@code project} (the project deployed from them); returns the hashes of the config and compose
   * files. {@code key} digests the values of variable sources.
   */
  public Map<String, String> save(Path configFile, Path composeFile, Map<String, String> processEnvironment,
      ComposeProject project, ValueDigestKey key) {
    Path config = configFile.toAbsolutePath().normalize();
    Path compose = composeFile.toAbsolutePath().normalize();
    Path root = commonAncestor(config.getParent(), compose.getParent());
    Path files = directory.resolve("files");
    String configCopy = "files/" + root.relativize(config);
    String composeCopy = "files/" + root.relativize(compose);
    List<Path> sources = new ArrayList<>(List.of(config, compose));
    Set<String> secretVariables = ReleaseValues.secretVariables(project);
    Predicate<String> secret = ReleaseValues.secretVariable(secretVariables);
    Path dotEnv = compose.resolveSibling(".env");
    try {
      copy(config, directory.resolve(configCopy));
      copy(compose, directory.resolve(composeCopy));
      if (Files.isRegularFile(dotEnv)) {
        ReleaseValues.copyDotEnv(dotEnv, directory.resolve(composeCopy).resolveSibling(".env"), secret);
        sources.add(dotEnv);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot snapshot the configuration into " + files + ": " + e.getMessage(), e);
    }
    Map<String, String> environment = referencedVariables(sources, processEnvironment, secret);
    ReleaseValues.keptVariables(project).forEach(name -> environment.put(name, processEnvironment.get(name)));
    ReleaseValues.Kept values = ReleaseValues.save(directory, project, key);
    JsonFiles.write(directory.resolve(META),
        new Meta(config, compose, configCopy, composeCopy, environment, values, secretVariables));
    return Map.of("config", Checksums.sha256(config), "compose", Checksums.sha256(compose));
  }

  /**
   * Loads the release's configuration for {@code environment}: interpolated with the variables the
   * release kept, today's {@code processEnvironment} for the rest (secrets among them: one it does
   * not set comes from the project's {@code .env} as it is now, as Compose would take it); its
   * {@code file} secrets and configs from the copies the release kept. {@code key} tells whether a
   * secret from the environment has the value the release had.
   */
  public Loaded load(String environment, Map<String, String> processEnvironment, ValueDigestKey key)
      throws ConfigException, ComposeException {
    Meta meta = JsonFiles.read(directory.resolve(META), Meta.class);
    Map<String, String> releaseEnvironment = new HashMap<>(processEnvironment);
    if (meta.environment() != null) {
      meta.environment().forEach((name, value) -> {
        if (value == null) {
          releaseEnvironment.remove(name);
        } else {
          releaseEnvironment.put(name, value);
        }
      });
    }
    DeploymentConfig config = new ConfigLoader(releaseEnvironment).load(directory.resolve(meta.configCopy()), environment);
    Map<String, String> variables = new HashMap<>(releaseEnvironment);
    variables.putAll(config.composeVariables());
    Path dotEnv = meta.composeFile().resolveSibling(".env");
    if (meta.secretVariables() != null && Files.isRegularFile(dotEnv)) {
      // The copy of .env has no secrets: they are today's, and .env is under the environment, as for Compose.
      Predicate<String> secret = ReleaseValues.secretVariable(meta.secretVariables());
      DotEnv.read(dotEnv, variables::get).forEach((name, value) -> {
        if (secret.test(name)) {
          variables.putIfAbsent(name, value);
        }
      });
    }
    Path composeCopy = directory.resolve(meta.composeCopy());
    Path copyDir = composeCopy.getParent();
    Path originalDir = meta.composeFile().getParent();
    ReleaseValues.Kept kept = meta.values() == null ? ReleaseValues.Kept.NOTHING : meta.values();
    // A file the release kept no copy of: back in its original place (the compose copy resolved it to its own).
    Function<Path, Path> original = file -> file.startsWith(directory)
        ? originalDir.resolve(copyDir.relativize(file)).normalize() : file;
    ComposeProject loaded = rebase(config.deployed(new ComposeLoader(variables).load(composeCopy, Set.of(),
        config.project())), copyDir, meta.composeFile())
        .withFileSources((section, source) -> ReleaseValues.restore(directory, kept, section, source, original));
    return new Loaded(config, loaded, ReleaseValues.notes(directory, kept, loaded, key));
  }

  /**
   * {@code project} (the one {@link #save} kept the values of) with its {@code file} secrets and
   * configs read from the release's copies: what the release's containers mount, so a container
   * kept for a rollback (or a warm color) still has the release's value when the file has changed.
   */
  public ComposeProject withKeptFiles(ComposeProject project) {
    Meta meta = JsonFiles.read(directory.resolve(META), Meta.class);
    ReleaseValues.Kept kept = meta.values() == null ? ReleaseValues.Kept.NOTHING : meta.values();
    return project.withFileSources(
        (section, source) -> ReleaseValues.restore(directory, kept, section, source, Function.identity()));
  }

  /** Deletes the secret and config files the release kept: once its images are released it is no rollback target. */
  public void forgetValues() {
    ReleaseValues.forget(directory);
  }

  /** The variables the files refer to, with their values in {@code processEnvironment} (null: unset); no secrets. */
  private static Map<String, String> referencedVariables(List<Path> files, Map<String, String> processEnvironment,
      Predicate<String> secret) {
    Map<String, String> variables = new TreeMap<>();
    for (Path file : files) {
      Matcher reference;
      try {
        reference = VARIABLE.matcher(Files.readString(file));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
      while (reference.find()) {
        String name = reference.group(1);
        if (!secret.test(name)) {
          variables.put(name, processEnvironment.get(name));
        }
      }
    }
    return variables;
  }

  /** The project as if loaded from its original place: build contexts and bind mounts point back there. */
  static ComposeProject rebase(ComposeProject project, Path copyDir, Path originalComposeFile) {
    Path originalDir = originalComposeFile.getParent();
    Map<String, ComposeService> services = new LinkedHashMap<>();
    for (ComposeService s : project.services().values()) {
      BuildSpec build = s.build() == null ? null
          : s.build().withContext(move(s.build().context(), copyDir, originalDir));
      List<VolumeMount> volumes = s.volumes().stream()
          .map(v -> v.isBind()
              ? new VolumeMount(v.type(), move(Path.of(v.source()), copyDir, originalDir).toString(), v.target(), v.readOnly(),
                  v.options())
              : v)
          .toList();
      services.put(s.name(), new ComposeService(s.name(), s.image(), build, s.command(), s.entrypoint(),
          s.environment(), s.ports(), volumes, s.networks(), s.dependsOn(), s.healthcheck(), s.restart(),
          s.labels(), s.limits(), s.profiles(), s.deploy(), s.options()));
    }
    return new ComposeProject(project.name(), originalDir, List.of(originalComposeFile), services,
        project.volumes(), project.networks(), null, project.secrets(), project.configs());
  }

  private static Path move(Path path, Path from, Path to) {
    return path.startsWith(from) ? to.resolve(from.relativize(path)) : path;
  }

  private static Path commonAncestor(Path a, Path b) {
    Path candidate = a;
    while (candidate != null && !b.startsWith(candidate)) {
      candidate = candidate.getParent();
    }
    return candidate == null ? a.getRoot() : candidate;
  }

  private static void copy(Path from, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
  }
}
