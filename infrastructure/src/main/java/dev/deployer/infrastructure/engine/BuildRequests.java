package dev.deployer.infrastructure.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageCmd;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;

/** An {@link ImageBuild} as the classic builder's {@code /build} request, through docker-java. */
final class BuildRequests {

  private BuildRequests() {}

  /** The Dockerfile's text: the inline one, or the file's. */
  static String dockerfileText(ImageBuild build) {
    if (build.dockerfileInline() != null) {
      return build.dockerfileInline();
    }
    Path file = build.context().resolve(build.dockerfile());
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Dockerfile " + file, e);
    }
  }

  /** The request, with the scanned context's tar; closing it deletes the tar. */
  static BuildImageCmd command(DockerClient client, ImageBuild build, ContextTars.Scan context) {
    BuildImageCmd command = client.buildImageCmd().withTarInputStream(context.tar())
        .withDockerfilePath(context.dockerfile());
    command.withTags(new LinkedHashSet<>(build.tags()))
        .withLabels(build.labels())
        .withPull(build.pull())
        .withNoCache(build.noCache());
    build.args().forEach(command::withBuildArg);
    if (build.target() != null) {
      command.withTarget(build.target());
    }
    if (!build.cacheFrom().isEmpty()) {
      command.withCacheFrom(new LinkedHashSet<>(build.cacheFrom()));
    }
    if (build.network() != null) {
      command.withNetworkMode(build.network());
    }
    if (build.shmSize() != null) {
      command.withShmsize(build.shmSize());
    }
    if (!build.extraHosts().isEmpty()) {
      command.withExtraHosts(new LinkedHashSet<>(build.extraHosts()));
    }
    if (build.platform() != null) {
      command.withPlatform(build.platform());
    }
    return command;
  }
}
