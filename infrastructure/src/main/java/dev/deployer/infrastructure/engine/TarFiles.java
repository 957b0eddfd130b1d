package dev.deployer.infrastructure.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Regular files written into a tar: the build context's own Dockerfile and ignore list, a marker's file. */
final class TarFiles {

  private TarFiles() {}

  /** Adds a regular file, mode 0644, to {@code out}. */
  static void add(TarArchiveOutputStream out, String name, byte[] content) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(content.length);
    entry.setMode(0100644);
    out.putArchiveEntry(entry);
    out.write(content);
    out.closeArchiveEntry();
  }

  /** A tar that holds one regular file. */
  static byte[] of(String name, byte[] content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
      add(out, name, content);
    }
    return bytes.toByteArray();
  }
}
