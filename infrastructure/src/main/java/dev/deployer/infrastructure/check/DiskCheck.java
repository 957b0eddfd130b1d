package dev.deployer.infrastructure.check;

import dev.deployer.infrastructure.engine.ContainerEngine;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Passes when the file system holding a path is used below the threshold. For a local engine the
 * path is its data root ({@code docker info}'s root dir); for a remote one, measure inside a
 * container of the stack, whose root file system lives on the engine's data root.
 */
public final class DiskCheck extends NamedCheck {

  /** Measures how full the file system of a location is. */
  @FunctionalInterface
  public interface DiskUsage {
    /** Used and total bytes. */
    Usage measure() throws IOException;
  }

  public record Usage(String where, long usedBytes, long totalBytes) {
    public double percent() {
      return totalBytes <= 0 ? 0 : 100.0 * usedBytes / totalBytes;
    }
  }

  private final DiskUsage usage;
  private final double maxPercent;

  public DiskCheck(String name, String category, DiskUsage usage, double maxPercent) {
    super(name, category);
    this.usage = usage;
    this.maxPercent = maxPercent;
  }

  /** The file system of a local path (the nearest existing ancestor when it does not exist yet). */
  public static DiskUsage local(Path path) {
    return () -> {
      Path existing = path.toAbsolutePath();
      while (existing != null && !Files.exists(existing)) {
        existing = existing.getParent();
      }
      if (existing == null) {
        throw new IOException(path + " does not exist");
      }
      FileStore store = Files.getFileStore(existing);
      long used = store.getTotalSpace() - store.getUnallocatedSpace();
      // As df's Use%: used / (used + available to users), so root-reserved blocks count as full.
      return new Usage(path.toString(), used, used + store.getUsableSpace());
    };
  }

  /** The file system of {@code path} as seen inside a running container, through {@code df -Pk}. */
  public static DiskUsage inContainer(ContainerEngine engine, String containerId, String path) {
    return () -> {
      ContainerEngine.ExecResult result = engine.exec(containerId, List.of("df", "-Pk", path), Duration.ofSeconds(10));
      if (result.exitCode() != 0) {
        throw new IOException("df failed in " + containerId + ": " + result.stderr().trim());
      }
      return parseDf(result.stdout(), containerId + ":" + path);
    };
  }

  /** The engine's data root, measured on this host; only meaningful for a local engine. */
  public static DiskCheck engineDataRoot(ContainerEngine engine, String category, double maxPercent) {
    return new DiskCheck("disk engine data root", category, () -> {
      try {
        return local(Path.of(engine.info().rootDir())).measure();
      } catch (RuntimeException e) {
        throw new IOException("engine data root unknown: " + e.getMessage(), e);
      }
    }, maxPercent);
  }

  static Usage parseDf(String output, String where) throws IOException {
    String[] lines = output.trim().split("\\R");
    if (lines.length < 2) {
      throw new IOException("unexpected df output: " + output.trim());
    }
    String[] fields = lines[lines.length - 1].trim().split("\\s+");
    try {
      long used = Long.parseLong(fields[2]) * 1024;
      long available = Long.parseLong(fields[3]) * 1024;
      return new Usage(where, used, used + available);
    } catch (RuntimeException e) {
      throw new IOException("unexpected df output: " + lines[lines.length - 1], e);
    }
  }

  @Override
  public CheckResult run() {
    String expected = String.format("disk use <= %.0f%%", maxPercent);
    long start = System.nanoTime();
    try {
      Usage measured = usage.measure();
      String actual = String.format("%.1f%% of %d GiB used at %s", measured.percent(), measured.totalBytes() >> 30,
          measured.where());
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      return measured.percent() > maxPercent
          ? CheckResult.fail(this, expected, actual, took) : CheckResult.pass(this, expected, actual, took);
    } catch (IOException | RuntimeException e) {
      return CheckResult.fail(this, expected, "cannot measure: " + e.getMessage(),
          Duration.ofNanos(System.nanoTime() - start));
    }
  }
}
