package dev.deployer.monitor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Every alert as one line in a log file. The file is rotated once it passes {@code maxBytes}
 * (one previous file kept), so a long run cannot fill the disk.
 */
public final class LogChannel implements AlertChannel {

  private final Path file;
  private final long maxBytes;

  public LogChannel(Path file, long maxBytes) {
    this.file = file;
    this.maxBytes = maxBytes;
  }

  public Path file() {
    return file;
  }

  @Override
  public String name() {
    return "log";
  }

  @Override
  public boolean accepts(Severity severity) {
    return true;
  }

  @Override
  public synchronized void send(Alert alert) {
    try {
      Files.createDirectories(file.getParent());
      if (Files.exists(file) && Files.size(file) > maxBytes) {
        Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
      }
      Files.writeString(file, alert.line().replace('\n', ' ') + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write alert log " + file, e);
    }
  }
}
