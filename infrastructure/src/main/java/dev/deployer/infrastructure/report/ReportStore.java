package dev.deployer.infrastructure.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/** JSON reports under {@code <state>/reports/<type>/<id>.json}, written atomically; JUnit XML beside them. */
public final class ReportStore {

  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT);

  private final Path root;

  public ReportStore(Path stateDirectory) {
    this.root = stateDirectory.resolve("reports");
  }

  public static ObjectMapper json() {
    return JSON;
  }

  public Path write(String type, String id, Object report) {
    Path directory = root.resolve(type);
    Path target = directory.resolve(id + ".json");
    try {
      Files.createDirectories(directory);
      Path temporary = Files.createTempFile(directory, id, ".tmp");
      JSON.writeValue(temporary.toFile(), report);
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write report " + target, e);
    }
  }

  /** Where a report that is not JSON (JUnit XML) goes; {@link #list} and {@link #prune} see it like the others. */
  public Path file(String type, String fileName) {
    return root.resolve(type).resolve(fileName);
  }

  /** Report types that have at least one report. */
  public List<String> types() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> directories = Files.list(root)) {
      return directories.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Deletes reports older than their type's retention period, with every file written next to
   * them under the same name (a health report's HTML page); returns the files deleted.
   */
  public List<Path> prune(java.util.Map<String, java.time.Duration> retention, java.time.Instant now) {
    List<Path> deleted = new java.util.ArrayList<>();
    for (String type : types()) {
      java.time.Duration keep = retention.get(type);
      if (keep == null) {
        continue;
      }
      java.time.Instant cutoff = now.minus(keep);
      for (Path report : list(type)) {
        if (modified(report).toInstant().isBefore(cutoff)) {
          deleted.addAll(deleteReport(report));
        }
      }
    }
    return deleted;
  }

  /** Deletes {@code <id>.json} and its siblings {@code <id>.<extension>}. */
  private static List<Path> deleteReport(Path json) {
    String name = json.getFileName().toString();
    String prefix = name.substring(0, name.lastIndexOf('.')) + ".";
    List<Path> deleted = new java.util.ArrayList<>();
    try (Stream<Path> files = Files.list(json.getParent())) {
      for (Path file : files.toList()) {
        String other = file.getFileName().toString();
        if (other.startsWith(prefix) && other.indexOf('.', prefix.length()) < 0 && Files.deleteIfExists(file)) {
          deleted.add(file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prune " + json, e);
    }
    return deleted;
  }

  /**
   * Reports of one type, newest written first. Names start with the release's second, so two runs
   * in the same second (a {@code down} just before a deploy) cannot be ordered by name alone.
   */
  public List<Path> list(String type) {
    Path directory = root.resolve(type);
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> f.toString().endsWith(".json") || f.toString().endsWith(".xml"))
          .map(f -> java.util.Map.entry(f, modified(f)))
          .sorted(java.util.Map.Entry.<Path, java.nio.file.attribute.FileTime>comparingByValue().reversed()
              .thenComparing(e -> e.getKey().getFileName().toString(), java.util.Comparator.reverseOrder()))
          .map(java.util.Map.Entry::getKey)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A report's id: its file name without {@code .json} or {@code .xml} (JUnit reports are XML only). */
  public static String id(Path report) {
    return report.getFileName().toString().replaceFirst("\\.(json|xml)$", "");
  }

  private static java.nio.file.attribute.FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
