package dev.deployer.infrastructure.swarm;

import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.compose.FileSource;
import dev.deployer.infrastructure.compose.ServiceOptions;
import dev.deployer.infrastructure.engine.SwarmFileGrant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stack's Swarm secrets and configs, as {@code docker stack deploy} makes them from a Compose
 * file's file, environment and content sources, labelled with the stack's namespace. A Swarm
 * secret's value cannot change, so each is named after its source and the start of its value's
 * SHA-256: a new value makes a new object, the services move to it in their rolling update, and
 * the deploy then removes the one no service uses. An external source is the swarm's own, used by
 * its name and never created or removed here.
 */
public final class SwarmStackFiles {

  /** One secret or config the stack needs: its engine name, value and labels. */
  public record StackFile(SwarmFileGrant.Kind kind, String name, byte[] data, Map<String, String> labels,
      String templateDriver) {

    @Override
    public String toString() {
      return "StackFile[kind=" + kind + ", name=" + name + ", labels=" + labels + ", templateDriver="
          + templateDriver + "]";
    }
  }

  private SwarmStackFiles() {}

  /** The non-external secrets and configs the stack's services use, each once. */
  public static List<StackFile> wanted(ComposeProject project) {
    Map<String, StackFile> wanted = new LinkedHashMap<>();
    for (ComposeService service : project.services().values()) {
      for (SwarmFileGrant.Kind kind : SwarmFileGrant.Kind.values()) {
        for (ServiceOptions.FileGrant grant : grants(service, kind)) {
          if (!grant.from().external()) {
            byte[] data = data(grant.from());
            String name = versionedName(grant.from(), data);
            Map<String, String> labels = new TreeMap<>(grant.from().labels());
            labels.putAll(SwarmLabels.stack(project.name()));
            wanted.putIfAbsent(kind + "/" + name, new StackFile(kind, name, data, labels,
                grant.from().templateDriver()));
          }
        }
      }
    }
    return List.copyOf(wanted.values());
  }

  /** What the service's tasks are given: each grant's object by its engine name, target, owner and mode. */
  public static List<SwarmFileGrant> grants(ComposeProject project, ComposeService service) {
    List<SwarmFileGrant> result = new ArrayList<>();
    for (SwarmFileGrant.Kind kind : SwarmFileGrant.Kind.values()) {
      for (ServiceOptions.FileGrant grant : grants(service, kind)) {
        FileSource from = grant.from();
        String name = from.external() ? from.name() : versionedName(from, data(from));
        result.add(new SwarmFileGrant(kind, name, grant.target(), grant.uid(), grant.gid(),
            grant.mode() == null ? 0444 : grant.mode()));
      }
    }
    return result;
  }

  private static List<ServiceOptions.FileGrant> grants(ComposeService service, SwarmFileGrant.Kind kind) {
    return kind == SwarmFileGrant.Kind.SECRET ? service.options().secrets() : service.options().configs();
  }

  /**
   * {@code <name>-<first 10 hex digits of the SHA-256 of the value and template driver>}, within
   * Swarm's 64 characters.
   */
  static String versionedName(FileSource source, byte[] data) {
    byte[] hashed = data;
    if (source.templateDriver() != null) {
      byte[] driver = ("\0template_driver=" + source.templateDriver()).getBytes(StandardCharsets.UTF_8);
      hashed = java.util.Arrays.copyOf(data, data.length + driver.length);
      System.arraycopy(driver, 0, hashed, data.length, driver.length);
    }
    String hash = HexFormat.of().formatHex(sha256(hashed)).substring(0, 10);
    String name = source.name();
    return (name.length() > 53 ? name.substring(0, 53) : name) + "-" + hash;
  }

  /** The value: the file's bytes, or the variable's value or content as UTF-8. */
  static byte[] data(FileSource source) {
    switch (source.kind()) {
      case FILE -> {
        try {
          return Files.readAllBytes(source.file());
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + source.key() + " from " + source.file(), e);
        }
      }
      case ENVIRONMENT, CONTENT -> {
        if (source.value() == null) {
          throw new IllegalStateException("environment variable " + source.environment() + " required by "
              + source.key() + " is not set");
        }
        return source.value().getBytes(StandardCharsets.UTF_8);
      }
      default -> throw new IllegalArgumentException(source.key() + " is external: the swarm holds its value");
    }
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
