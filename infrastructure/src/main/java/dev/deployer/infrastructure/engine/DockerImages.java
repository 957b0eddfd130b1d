package dev.deployer.infrastructure.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Image operations of the docker-java engine: inspect, build, tag, remove. */
final class DockerImages {

  private final DockerClient client;
  private final EngineCalls calls;

  DockerImages(DockerClient client, EngineCalls calls) {
    this.client = client;
    this.calls = calls;
  }

  Optional<String> imageId(String reference) {
    try {
      return Optional.of(calls.call(() -> client.inspectImageCmd(reference).exec().getId()));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  Optional<ImageConfig> config(String reference) {
    try {
      return Optional.of(Inspections.image(calls.call(() -> client.inspectImageCmd(reference).exec())));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  String build(Path context, String dockerfile, List<String> tags, Map<String, String> labels,
      Map<String, String> buildArgs, Consumer<String> output) {
    BuildImageCmd build = client.buildImageCmd()
        .withBaseDirectory(context.toFile())
        .withDockerfile(context.resolve(dockerfile).toFile())
        .withTags(new HashSet<>(tags))
        .withLabels(labels)
        .withPull(false);
    buildArgs.forEach(build::withBuildArg);
    try {
      return calls.call(() -> build.exec(new BuildImageResultCallback() {
        @Override
        public void onNext(BuildResponseItem item) {
          if (item.getStream() != null && !item.getStream().isBlank()) {
            output.accept(item.getStream().stripTrailing());
          }
          super.onNext(item);
        }
      }).awaitImageId());
    } catch (DockerException e) {
      throw new EngineException("building " + context + " failed: " + e.getMessage(), e);
    }
  }

  void tag(String imageId, String reference) {
    int colon = reference.lastIndexOf(':');
    boolean hasTag = colon > reference.lastIndexOf('/');
    String repository = hasTag ? reference.substring(0, colon) : reference;
    String tag = hasTag ? reference.substring(colon + 1) : "latest";
    calls.run(() -> client.tagImageCmd(imageId, repository, tag).withForce().exec());
  }

  void remove(String reference) {
    try {
      calls.run(() -> client.removeImageCmd(reference).withForce(false).exec());
    } catch (NotFoundException e) {
      // already gone
    } catch (ConflictException e) {
      throw new EngineException("image " + reference + " is still in use: " + e.getMessage(), e);
    }
  }
}
