package dev.deployer.rollback;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deployer.infrastructure.report.ReportStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * JSON state files: written to a temporary file and renamed into place, so a crash mid-write
 * leaves the old content; read-modify-write under a lock that holds across processes and threads.
 */
final class JsonFiles {

  static final ObjectMapper JSON = ReportStore.json().copy()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** File locks are per process; threads of one process also need to queue. */
  private static final Map<Path, ReentrantLock> LOCAL = new ConcurrentHashMap<>();

  private JsonFiles() {}

  static <T> T read(Path file, Class<T> type) {
    try {
      return JSON.readValue(file.toFile(), type);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static void write(Path file, Object value) {
    try {
      Files.createDirectories(file.getParent());
      Path temporary = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
      try {
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
          channel.write(java.nio.ByteBuffer.wrap(JSON.writeValueAsBytes(value)));
          channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Runs {@code action} holding the lock file {@code lockFile} (created if missing). */
  static <T> T locked(Path lockFile, Supplier<T> action) {
    ReentrantLock local = LOCAL.computeIfAbsent(lockFile.toAbsolutePath().normalize(), p -> new ReentrantLock());
    local.lock();
    try {
      Files.createDirectories(lockFile.getParent());
      try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        return action.get();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + lockFile + ": " + e.getMessage(), e);
    } finally {
      local.unlock();
    }
  }
}
