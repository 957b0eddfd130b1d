package dev.deployer.rollback;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Permissions for what only the operator may read (database dumps): 0700 directories, 0600 files. */
final class OwnerOnly {

  static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private OwnerOnly() {}

  /** Creates the directory (and its parents) if needed, and makes it the owner's alone. */
  static void directory(Path directory) throws IOException {
    Files.createDirectories(directory);
    if (posix()) {
      Files.setPosixFilePermissions(directory, DIRECTORY);
    }
  }

  /** Makes every directory and file under {@code root}, and root itself, the owner's alone. */
  static void tree(Path root) throws IOException {
    if (!posix()) {
      return;
    }
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(root)) {
      paths = walk.toList();
    }
    for (Path path : paths) {
      Files.setPosixFilePermissions(path, Files.isDirectory(path) ? DIRECTORY : FILE);
    }
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}
