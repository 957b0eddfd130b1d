package dev.deployer.rollback;

import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The append-only audit trail of an environment: one JSON object per line in
 * {@code <state>/<env>/audit.log}. Lines are only ever appended, each in one write, under the
 * same lock as other writers; a torn last line (a crash mid-write) is skipped when reading.
 */
public final class AuditLog {

  private final Path file;
  private final Path lockFile;

  public AuditLog(Path environmentState) {
    this.file = environmentState.resolve("audit.log");
    this.lockFile = environmentState.resolve(".audit.lock");
  }

  public Path file() {
    return file;
  }

  public void append(AuditRecord record) {
    byte[] line;
    try {
      line = (JsonFiles.JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(record) + "\n")
          .getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    JsonFiles.locked(lockFile, () -> {
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND)) {
        ByteBuffer buffer = ByteBuffer.wrap(line);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot append to the audit log " + file, e);
      }
      return null;
    });
  }

  /** Every record, oldest first. */
  public List<AuditRecord> read() {
    if (!Files.exists(file)) {
      return List.of();
    }
    List<AuditRecord> records = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        try {
          records.add(JsonFiles.JSON.readValue(line, AuditRecord.class));
        } catch (IOException e) {
          // a torn line from a crash mid-append: nothing after it is lost, skip it
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the audit log " + file, e);
    }
    return records;
  }
}
