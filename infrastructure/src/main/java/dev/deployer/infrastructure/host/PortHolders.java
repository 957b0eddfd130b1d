package dev.deployer.infrastructure.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds which local process listens on a TCP port, from /proc, so an error can say
 * "port 8000 is held by pid 123 (java)". Linux only; elsewhere it finds nothing.
 */
public final class PortHolders {

  private static final Path PROC = Path.of("/proc");
  private static final String LISTEN = "0A";

  /** A process holding a port. */
  public record Holder(long pid, String command) {
    @Override
    public String toString() {
      return "pid " + pid + " (" + command + ")";
    }
  }

  private PortHolders() {}

  public static Optional<Holder> find(int port) {
    Set<String> inodes = listeningInodes(port);
    if (inodes.isEmpty()) {
      return Optional.empty();
    }
    try (Stream<Path> processes = Files.list(PROC)) {
      for (Path process : (Iterable<Path>) processes.filter(p -> p.getFileName().toString().matches("\\d+"))::iterator) {
        if (ownsSocket(process, inodes)) {
          return Optional.of(new Holder(Long.parseLong(process.getFileName().toString()), command(process)));
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static Set<String> listeningInodes(int port) {
    Set<String> inodes = new HashSet<>();
    String hexPort = String.format(":%04X", port);
    for (String table : List.of("net/tcp", "net/tcp6")) {
      try {
        for (String line : Files.readAllLines(PROC.resolve(table))) {
          String[] fields = line.trim().split("\\s+");
          if (fields.length > 9 && fields[1].endsWith(hexPort) && LISTEN.equals(fields[3])) {
            inodes.add(fields[9]);
          }
        }
      } catch (IOException e) {
        // no such table here
      }
    }
    return inodes;
  }

  private static boolean ownsSocket(Path process, Set<String> inodes) {
    try (Stream<Path> descriptors = Files.list(process.resolve("fd"))) {
      return descriptors.anyMatch(fd -> {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          return target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1));
        } catch (IOException e) {
          return false;
        }
      });
    } catch (IOException e) {
      return false;
    }
  }

  private static String command(Path process) {
    try {
      return Files.readString(process.resolve("comm")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
