package dev.deployer.infrastructure.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.HostConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Containers that are created and never started, kept for their name and labels (the deploy
 * lock), and small files in them. They come from a tiny image of their own, built on first use
 * from scratch, so no registry and no stack image is needed.
 */
final class DockerMarkers {

  static final String IMAGE = ContainerEngine.MARKER_IMAGE;

  private final DockerClient client;
  private final EngineCalls calls;
  private final DockerImages images;

  DockerMarkers(DockerClient client, EngineCalls calls, DockerImages images) {
    this.client = client;
    this.calls = calls;
    this.images = images;
  }

  Optional<String> create(String name, Map<String, String> labels) {
    try {
      return Optional.of(createOnce(name, labels));
    } catch (ConflictException e) {
      return Optional.empty();
    } catch (NotFoundException e) {
      buildImage();
      try {
        return Optional.of(createOnce(name, labels));
      } catch (ConflictException again) {
        return Optional.empty();
      }
    }
  }

  private String createOnce(String name, Map<String, String> labels) {
    return calls.call(() -> client.createContainerCmd(IMAGE).withName(name).withLabels(labels)
        .withCmd("marker").withHostConfig(HostConfig.newHostConfig().withNetworkMode("none")).exec()).getId();
  }

  boolean remove(String id) {
    try {
      calls.run(() -> client.removeContainerCmd(id).withForce(true).exec());
      return true;
    } catch (NotFoundException e) {
      return false;
    } catch (ConflictException e) {
      // "removal already in progress": another caller got there first
      return false;
    }
  }

  boolean write(String id, String path, byte[] content) {
    int slash = path.lastIndexOf('/');
    String directory = slash <= 0 ? "/" : path.substring(0, slash);
    String name = path.substring(slash + 1);
    try {
      byte[] tar = TarFiles.of(name, content);
      calls.run(() -> client.copyArchiveToContainerCmd(id).withRemotePath(directory)
          .withTarInputStream(new ByteArrayInputStream(tar)).exec());
      return true;
    } catch (NotFoundException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Optional<byte[]> read(String id, String path) {
    try (InputStream stream = calls.call(() -> client.copyArchiveFromContainerCmd(id, path).exec());
        TarArchiveInputStream tar = new TarArchiveInputStream(stream)) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        if (entry.isFile()) {
          return Optional.of(tar.readAllBytes());
        }
      }
      return Optional.empty();
    } catch (NotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + " of container " + id, e);
    }
  }

  /**
   * Builds the marker image {@code FROM scratch} (nothing to pull); two clients building at once
   * both succeed, and the tag ends on one of two identical images.
   */
  private void buildImage() {
    Path context = null;
    try {
      context = Files.createTempDirectory("deployer-marker");
      Files.writeString(context.resolve("marker"), "a container kept for its name and labels; never started\n");
      Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY marker /marker\nCMD [\"marker\"]\n");
      images.build(new ImageBuild(context, "Dockerfile", null, List.of(IMAGE), Map.of("dev.deployer.marker", "1"),
          Map.of()), line -> { });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the marker image's build context", e);
    } finally {
      deleteQuietly(context);
    }
  }

  private static void deleteQuietly(Path directory) {
    if (directory == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // a temporary directory left behind
    }
  }
}
