package dev.deployer.monitor;

import dev.deployer.infrastructure.report.ReportStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Writes health reports: the JSON through the report store (type "health") and, next to it, the
 * self-contained HTML page. Secret values are scrubbed from both. Reports and pages older than
 * the retention period go whenever a report is written, so a monitor that runs for weeks still
 * keeps only the retention period's.
 */
public final class HealthReports {

  private final Path stateDirectory;
  private final ReportStore store;
  private final Map<String, String> variables;
  private final Duration retention;
  private final Clock clock;

  public HealthReports(Path stateDirectory, Map<String, String> variables, Duration retention, Clock clock) {
    this.stateDirectory = stateDirectory;
    this.store = new ReportStore(stateDirectory);
    this.variables = Map.copyOf(variables);
    this.retention = retention;
    this.clock = clock;
  }

  /** Where the report went, and the report as written (secrets scrubbed). */
  public record Written(Path json, Path html, HealthReport report) {}

  /** Writes the report and its page, then prunes those past the retention period. */
  public Written write(HealthReport report) {
    HealthReport scrubbed = Scrubbing.scrub(report, variables);
    Path json = store.write(HealthReport.TYPE, report.id(), scrubbed);
    Path html = json.resolveSibling(report.id() + ".html");
    try {
      Path temporary = Files.createTempFile(html.getParent(), report.id(), ".tmp");
      Files.writeString(temporary, HealthPage.render(scrubbed), StandardCharsets.UTF_8);
      Files.move(temporary, html, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write health page " + html, e);
    }
    prune();
    return new Written(json, html, scrubbed);
  }

  /** Deletes health reports and pages older than the retention period; returns what was deleted. */
  public List<Path> prune() {
    Instant now = clock.instant();
    List<Path> deleted = new ArrayList<>(store.prune(Map.of(HealthReport.TYPE, retention), now));
    for (Path page : pages(stateDirectory)) {
      try {
        if (Files.getLastModifiedTime(page).toInstant().isBefore(now.minus(retention)) && Files.deleteIfExists(page)) {
          deleted.add(page);
        }
      } catch (NoSuchFileException e) {
        // pruned meanwhile by another run
      } catch (IOException e) {
        throw new UncheckedIOException("cannot prune " + page, e);
      }
    }
    return deleted;
  }

  /** The newest health page of an environment's state directory, if any. */
  public static Optional<Path> latestPage(Path stateDirectory) {
    return pages(stateDirectory).stream().findFirst();
  }

  /** Health pages, newest first (ids start with their UTC time). */
  public static List<Path> pages(Path stateDirectory) {
    Path directory = stateDirectory.resolve("reports").resolve(HealthReport.TYPE);
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".html"))
          .sorted((a, b) -> b.getFileName().toString().compareTo(a.getFileName().toString())).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
