package dev.deployer.infrastructure.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The archive that puts a container's {@link ContainerSpec.File}s in place, extracted at {@code /}
 * with the archive's owners kept (as Compose copies a secret or config from an environment
 * variable or inline content): each entry carries its path, mode, uid and gid.
 */
final class ContainerFiles {

  private ContainerFiles() {}

  static byte[] tar(List<ContainerSpec.File> files) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (ContainerSpec.File file : files) {
        byte[] content = file.content().getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(file.path());
        entry.setSize(content.length);
        entry.setMode(0100000 | file.mode());
        entry.setUserId(file.uid() == null ? 0 : file.uid());
        entry.setGroupId(file.gid() == null ? 0 : file.gid());
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot archive a container's files", e);
    }
    return bytes.toByteArray();
  }
}
