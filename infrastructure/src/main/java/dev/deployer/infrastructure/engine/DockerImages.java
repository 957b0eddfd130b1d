package dev.deployer.infrastructure.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.PullImageCmd;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.PushResponseItem;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Image operations of the docker-java engine: inspect, pull, build, tag, push, remove. */
final class DockerImages {

  /** On images the deployer builds: the fingerprint of what they were built from. */
  static final String CONTEXT_LABEL = "dev.deployer.build-context";
  static final String TARGET_LABEL = "dev.deployer.build-target";

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

  /**
   * Pulls {@code reference} (a tag defaults to latest; a digest is pulled as is) and returns its id.
   * The engine's reason for a failure (no registry, no such repository, denied) is in the message.
   */
  String pull(String reference, Duration timeout) {
    PullImageCmd pull;
    if (reference.contains("@")) {
      pull = client.pullImageCmd(reference);
    } else {
      int colon = reference.lastIndexOf(':');
      boolean hasTag = colon > reference.lastIndexOf('/');
      pull = client.pullImageCmd(hasTag ? reference.substring(0, colon) : reference)
          .withTag(hasTag ? reference.substring(colon + 1) : "latest");
    }
    boolean finished;
    try {
      finished = calls.call(() -> {
        try {
          return pull.exec(new PullImageResultCallback()).awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new EngineException("pulling " + reference + " was interrupted", e);
        }
      });
    } catch (DockerException | com.github.dockerjava.api.exception.DockerClientException e) {
      throw new EngineException("pulling " + reference + " failed: " + e.getMessage().strip(), e);
    }
    if (!finished) {
      throw new EngineException("pulling " + reference + " did not finish within " + timeout.toSeconds() + " s");
    }
    return imageId(reference).orElseThrow(() ->
        new EngineException("pulling " + reference + " finished but the engine has no such image"));
  }

  /**
   * Builds, unless the image tagged {@code tags.get(0)} was built from this very context: the same
   * files sent (path, size, modification time, executable bit; .dockerignore'd and withheld ones are
   * not sent), Dockerfile, base images, build arguments, labels and RUN settings, as recorded in its
   * {@link #CONTEXT_LABEL}. Then it is only tagged, like {@code docker compose up} leaves an
   * existing image alone, and a no-change redeploy does not pay for a cached build ({@code no_cache}
   * governs the build's cache, not this).
   */
  String build(ImageBuild build, Consumer<String> output) {
    return build(build, output, false);
  }

  /** As {@link #build}; with {@code always}, the engine builds even an unchanged context (its layer cache applies). */
  String build(ImageBuild build, Consumer<String> output, boolean always) {
    if (build.target() != null) {
      // On the image, and so in its fingerprint: another stage of the same context is another image.
      build = build.withLabels(Map.of(TARGET_LABEL, build.target()));
    }
    String dockerfileText = BuildRequests.dockerfileText(build);
    ContextTars.Scan context = ContextTars.scan(build, dockerfileText);
    context.withheld().forEach(directory -> output.accept("not sent with the context: " + directory
        + " (the deployer's state)"));
    String fingerprint = BuildContexts.fingerprint(build, context.files(), dockerfileText,
        image -> imageId(image).orElse("missing"));
    String name = build.tags().get(0);
    Optional<String> existing = always ? Optional.empty() : builtFrom(name, fingerprint);
    if (existing.isPresent()) {
      output.accept("context unchanged since " + name + " was built; not rebuilt");
      build.tags().forEach(tag -> tag(existing.get(), tag));
      return existing.get();
    }
    BuildImageCmd command = BuildRequests.command(client, build.withLabels(Map.of(CONTEXT_LABEL, fingerprint)), context);
    try {
      // The build answers with a short id; the full one, as inspect gives it, is what a reused image returns too.
      String built = calls.call(() -> command.exec(new BuildImageResultCallback() {
        @Override
        public void onNext(BuildResponseItem item) {
          if (item.getStream() != null && !item.getStream().isBlank()) {
            output.accept(item.getStream().stripTrailing());
          }
          super.onNext(item);
        }
      }).awaitImageId());
      return imageId(built).orElse(built);
    } catch (DockerException | com.github.dockerjava.api.exception.DockerClientException e) {
      throw new EngineException("building " + build.context() + " failed: " + e.getMessage(), e);
    } finally {
      command.close();
    }
  }

  /**
   * When the engine last gave {@code reference} to an image (pulled, tagged, built or loaded it):
   * the image's {@code Metadata.LastTagTime}, which docker-java does not map, read from the API
   * itself; empty when the image is missing or the engine never recorded one.
   */
  Optional<java.time.Instant> lastTagged(String reference) {
    if (!(client instanceof com.github.dockerjava.core.DockerClientImpl impl)) {
      throw new EngineException("this engine client cannot read an image's last tag time");
    }
    var request = com.github.dockerjava.transport.DockerHttpClient.Request.builder()
        .method(com.github.dockerjava.transport.DockerHttpClient.Request.Method.GET)
        .path("/images/" + reference + "/json").build();
    try (var response = calls.call(() -> impl.getHttpClient().execute(request));
        var body = response.getBody()) {
      if (response.getStatusCode() == 404) {
        return Optional.empty();
      }
      byte[] answer = body == null ? new byte[0] : body.readAllBytes();
      if (response.getStatusCode() >= 300) {
        throw new EngineException("inspecting image " + reference + " failed (" + response.getStatusCode() + "): "
            + new String(answer, java.nio.charset.StandardCharsets.UTF_8).strip());
      }
      String text = new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer)
          .path("Metadata").path("LastTagTime").asText("");
      java.time.Instant at = text.isEmpty() ? null : java.time.Instant.parse(text);
      // Go's zero time: the engine has no record.
      return at == null || at.getEpochSecond() <= 0 ? Optional.empty() : Optional.of(at);
    } catch (java.io.IOException e) {
      throw new EngineException("inspecting image " + reference + " failed: " + e.getMessage(), e);
    }
  }

  private Optional<String> builtFrom(String reference, String fingerprint) {
    try {
      var image = calls.call(() -> client.inspectImageCmd(reference).exec());
      Map<String, String> imageLabels = image.getConfig() == null ? null : image.getConfig().getLabels();
      return imageLabels != null && fingerprint.equals(imageLabels.get(CONTEXT_LABEL))
          ? Optional.of(image.getId()) : Optional.empty();
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  void tag(String imageId, String reference) {
    int colon = reference.lastIndexOf(':');
    boolean hasTag = colon > reference.lastIndexOf('/');
    String repository = hasTag ? reference.substring(0, colon) : reference;
    String tag = hasTag ? reference.substring(colon + 1) : "latest";
    calls.run(() -> client.tagImageCmd(imageId, repository, tag).withForce().exec());
  }

  /**
   * Tags {@code imageId} as {@code reference} (registry/repository:tag), pushes it, and returns the
   * digest the registry gave it ({@code sha256:...}); the registry's reason for a failure is in the message.
   */
  String push(String imageId, String reference, Duration timeout) {
    tag(imageId, reference);
    int colon = reference.lastIndexOf(':');
    String repository = reference.substring(0, colon);
    String[] digest = new String[1];
    String[] error = new String[1];
    boolean finished;
    try {
      finished = calls.call(() -> {
        try {
          return client.pushImageCmd(repository).withTag(reference.substring(colon + 1))
              .exec(new ResultCallback.Adapter<PushResponseItem>() {
                @Override
                public void onNext(PushResponseItem item) {
                  if (item.getAux() != null && item.getAux().getDigest() != null) {
                    digest[0] = item.getAux().getDigest();
                  }
                  if (item.isErrorIndicated()) {
                    error[0] = item.getErrorDetail() != null ? item.getErrorDetail().getMessage() : item.getError();
                  }
                }
              }).awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new EngineException("pushing " + reference + " was interrupted", e);
        }
      });
    } catch (DockerException | com.github.dockerjava.api.exception.DockerClientException e) {
      throw new EngineException("pushing " + reference + " failed: " + e.getMessage().strip(), e);
    }
    if (!finished) {
      throw new EngineException("pushing " + reference + " did not finish within " + timeout.toSeconds() + " s");
    }
    if (error[0] != null || digest[0] == null) {
      throw new EngineException("pushing " + reference + " failed: "
          + (error[0] != null ? error[0] : "the registry answered without a digest"));
    }
    return digest[0];
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
