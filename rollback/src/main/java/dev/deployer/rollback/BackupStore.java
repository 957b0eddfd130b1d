package dev.deployer.rollback;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The backups of one environment: {@code <state>/<env>/backups/<release>/} with a {@code manifest.json}. */
public final class BackupStore {

  public static final String MANIFEST = "manifest.json";

  private final Path root;

  public BackupStore(Path environmentState) {
    this.root = environmentState.resolve("backups");
  }

  public Path root() {
    return root;
  }

  public Path directory(String release) {
    return root.resolve(release);
  }

  public Optional<BackupManifest> manifest(String release) {
    Path file = directory(release).resolve(MANIFEST);
    return Files.isRegularFile(file) ? Optional.of(JsonFiles.read(file, BackupManifest.class)) : Optional.empty();
  }

  /** Every complete backup, newest first. */
  public List<BackupManifest> list() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> directories = Files.list(root)) {
      return directories.filter(d -> Files.isRegularFile(d.resolve(MANIFEST)))
          .map(d -> JsonFiles.read(d.resolve(MANIFEST), BackupManifest.class))
          .sorted(Comparator.comparing(BackupManifest::release).reversed())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list backups in " + root, e);
    }
  }

  /** Checks every file against the manifest; returns the problems, none when the backup is intact. */
  public List<String> verify(String release) {
    Optional<BackupManifest> manifest = manifest(release);
    if (manifest.isEmpty()) {
      return List.of("no backup " + release + " (no " + directory(release).resolve(MANIFEST) + ")");
    }
    List<String> problems = new ArrayList<>();
    for (BackupManifest.FileEntry entry : manifest.get().files()) {
      Path file = directory(release).resolve(entry.path());
      if (!Files.isRegularFile(file)) {
        problems.add(entry.path() + ": missing");
        continue;
      }
      try {
        if (Files.size(file) != entry.bytes()) {
          problems.add(entry.path() + ": " + Files.size(file) + " bytes, manifest says " + entry.bytes());
          continue;
        }
      } catch (IOException e) {
        problems.add(entry.path() + ": unreadable (" + e.getMessage() + ")");
        continue;
      }
      String actual = Checksums.sha256(file);
      if (!actual.equals(entry.sha256())) {
        problems.add(entry.path() + ": SHA-256 " + actual + ", manifest says " + entry.sha256());
      }
    }
    return problems;
  }

  /** Deletes a backup (retention). */
  public void remove(String release) {
    Path directory = directory(release);
    try {
      Directories.delete(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove backup " + directory, e);
    }
  }
}
