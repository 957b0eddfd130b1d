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

/** JSON reports under {@code <state>/reports/<type>/<id>.json}, written atomically. */
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

  /** Reports of one type, newest first. */
  public List<Path> list(String type) {
    Path directory = root.resolve(type);
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> f.toString().endsWith(".json"))
          .sorted((a, b) -> b.getFileName().toString().compareTo(a.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
