package dev.deployer.rollback;

import dev.deployer.infrastructure.check.Redaction;
import dev.deployer.infrastructure.compose.ComposeException;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.compose.DotEnv;
import dev.deployer.infrastructure.compose.FileSource;
import dev.deployer.infrastructure.compose.ServiceOptions;
import dev.deployer.infrastructure.compose.ValueDigestKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The secret and config values a release was deployed with, so a rollback puts them back rather
 * than today's. A {@code file} source is copied into the release's {@code values} directory (0700:
 * no other user of the host reaches it; the copy keeps the file's own mode, which is what a
 * container's user sees of the bind mount), and the release's containers mount the copy, those the
 * deploy starts as those a rollback starts or takes back, so a kept container or a warm color does
 * not see a file changed since (nor does a running one: a changed file takes the next deploy). A
 * secret from an environment variable is not written down, as no secret variable is: a rollback
 * takes it from its own environment and says whether it is the value the release had (a keyed
 * digest of that is kept). A config's variable is kept with the release's other variables unless
 * its name looks secret; inline content is part of the compose file's copy.
 */
final class ReleaseValues {

  static final String DIRECTORY = "values";

  /**
   * What a release kept, by {@code secrets.<key>} or {@code configs.<key>}: the copies of file
   * sources (relative to the release directory) and the keyed digests of variable sources.
   */
  record Kept(Map<String, String> copies, Map<String, String> digests) {

    static final Kept NOTHING = new Kept(Map.of(), Map.of());

    Kept {
      copies = copies == null ? Map.of() : Map.copyOf(copies);
      digests = digests == null ? Map.of() : Map.copyOf(digests);
    }
  }

  private ReleaseValues() {}

  /** Copies the file sources the project's services are granted and digests its variable sources. */
  static Kept save(Path release, ComposeProject project, ValueDigestKey key) {
    Map<String, String> copies = new TreeMap<>();
    Map<String, String> digests = new TreeMap<>();
    try {
      for (Map.Entry<String, FileSource> granted : granted(project).entrySet()) {
        FileSource source = granted.getValue();
        if (source.kind() == FileSource.Kind.FILE && Files.isRegularFile(source.file())) {
          String copy = DIRECTORY + "/" + fileName(granted.getKey(), copies.size());
          Path target = release.resolve(copy);
          OwnerOnly.directory(target.getParent());
          Files.copy(source.file(), target, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
          copies.put(granted.getKey(), copy);
        } else if (source.kind() == FileSource.Kind.ENVIRONMENT && source.value() != null) {
          digests.put(granted.getKey(), key.digest(source.value().getBytes(StandardCharsets.UTF_8)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the secret and config files of the release in " + release, e);
    }
    return new Kept(copies, digests);
  }

  /** The variables of the project's variable sources a release may keep: configs', unless their names look secret. */
  static Set<String> keptVariables(ComposeProject project) {
    Predicate<String> secret = secretVariable(secretVariables(project));
    Set<String> kept = new TreeSet<>();
    granted(project).forEach((name, source) -> {
      if (name.startsWith("configs.") && source.kind() == FileSource.Kind.ENVIRONMENT
          && !secret.test(source.environment())) {
        kept.add(source.environment());
      }
    });
    return kept;
  }

  /**
   * Whether a variable's value is a secret, never written down: by its name ({@link Redaction}), or
   * as one of {@code secretVariables}, which {@code environment} secrets are read from.
   */
  static Predicate<String> secretVariable(Set<String> secretVariables) {
    return name -> Redaction.isSecret(name) || secretVariables.contains(name);
  }

  /**
   * Copies the {@code .env} file {@code source} to {@code target} without the entries of the
   * variables {@code secret} accepts (every line of each); the rest as it is.
   */
  static void copyDotEnv(Path source, Path target, Predicate<String> secret) throws IOException {
    try {
      Files.writeString(target, DotEnv.without(source.toString(), Files.readString(source), secret));
    } catch (ComposeException e) {
      throw new IOException("cannot copy " + source + " without its secrets: " + e.getMessage(), e);
    }
  }

  /** The variables secrets are read from: never kept, whatever their names. */
  static Set<String> secretVariables(ComposeProject project) {
    Set<String> names = new TreeSet<>();
    project.secrets().values().stream().filter(s -> s.kind() == FileSource.Kind.ENVIRONMENT)
        .forEach(s -> names.add(s.environment()));
    return names;
  }

  /**
   * The source as the release had it: a file source from the release's copy; one the release kept
   * no copy of (a snapshot older than copies) from {@code original}'s place of the file.
   */
  static FileSource restore(Path release, Kept kept, String section, FileSource source, Function<Path, Path> original) {
    if (source.kind() != FileSource.Kind.FILE) {
      return source;
    }
    String copy = kept.copies().get(section + "." + source.key());
    return source.withFile(copy != null ? release.resolve(copy) : original.apply(source.file()));
  }

  /** One line per granted file or variable source: where the value a rollback uses comes from (never the value). */
  static List<String> notes(Path release, Kept kept, ComposeProject loaded, ValueDigestKey key) {
    List<String> notes = new ArrayList<>();
    granted(loaded).forEach((name, source) -> {
      String what = name.startsWith("secrets.") ? "secret " : "config ";
      what += source.key();
      if (source.kind() == FileSource.Kind.FILE && !source.file().startsWith(release)) {
        notes.add(what + ": the release kept no copy of its file; the rollback mounts " + source.file()
            + " as it is now");
      } else if (source.kind() == FileSource.Kind.FILE) {
        notes.add(what + ": the file as the release had it (its copy in the release)");
      } else if (source.kind() == FileSource.Kind.ENVIRONMENT) {
        notes.add(what + ": " + variableNote(source, kept.digests().get(name), key));
      }
    });
    return notes;
  }

  private static String variableNote(FileSource source, String releaseDigest, ValueDigestKey key) {
    String variable = "from $" + source.environment();
    if (source.value() == null) {
      return variable + ", which is not set";
    }
    if (releaseDigest == null) {
      return variable + " as this run has it (the release recorded nothing of its value)";
    }
    return releaseDigest.equals(key.digest(source.value().getBytes(StandardCharsets.UTF_8)))
        ? variable + ": the value the release was deployed with"
        : variable + " as this run has it, which is NOT the value the release was deployed with (a secret from"
            + " the environment is never kept; set the release's value to roll back to it)";
  }

  /** Deletes the release's copies: a release whose images are gone is no rollback target. */
  static void forget(Path release) {
    Path values = release.resolve(DIRECTORY);
    try {
      Directories.delete(values);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the kept secret and config files in " + values, e);
    }
  }

  /** The secrets and configs the project's services are granted, by {@code secrets.<key>} or {@code configs.<key>}. */
  private static Map<String, FileSource> granted(ComposeProject project) {
    Map<String, FileSource> granted = new LinkedHashMap<>();
    for (ComposeService service : project.services().values()) {
      for (ServiceOptions.FileGrant grant : service.options().secrets()) {
        granted.putIfAbsent("secrets." + grant.source(), grant.from());
      }
      for (ServiceOptions.FileGrant grant : service.options().configs()) {
        granted.putIfAbsent("configs." + grant.source(), grant.from());
      }
    }
    return granted;
  }

  /** {@code secrets.<key>} as a file name: the key when it is a plain name, else a number. */
  private static String fileName(String name, int index) {
    return name.matches("(secrets|configs)\\.[A-Za-z0-9][A-Za-z0-9_.-]*") ? name : name.substring(0, 8) + "-" + index;
  }
}
