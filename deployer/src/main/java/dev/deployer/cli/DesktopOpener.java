package dev.deployer.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** Opens a file with the desktop's own opener, where there is a desktop: xdg-open on Linux, open on macOS. */
final class DesktopOpener {

  private DesktopOpener() {}

  /**
   * The opener for this environment, or one that never opens (a server, an SSH session, CI): on
   * Linux, xdg-open needs a display, else it falls back to a text browser inside the terminal.
   */
  static Predicate<Path> fromEnvironment(Map<String, String> environment) {
    boolean mac = System.getProperty("os.name", "").toLowerCase().contains("mac");
    boolean display = environment.containsKey("DISPLAY") || environment.containsKey("WAYLAND_DISPLAY");
    Optional<Path> command = onPath(mac ? "open" : "xdg-open", environment.getOrDefault("PATH", ""));
    if (command.isEmpty() || !mac && !display) {
      return page -> false;
    }
    return page -> start(command.get(), page);
  }

  static Optional<Path> onPath(String name, String path) {
    for (String directory : path.split(File.pathSeparator)) {
      if (!directory.isEmpty()) {
        Path candidate = Path.of(directory, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /** Starts the opener and does not wait for the browser; a failure to start means "not opened". */
  private static boolean start(Path command, Path page) {
    try {
      new ProcessBuilder(command.toString(), page.toString()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
