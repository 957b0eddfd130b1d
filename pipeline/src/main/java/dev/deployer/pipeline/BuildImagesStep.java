package dev.deployer.pipeline;

import dev.deployer.infrastructure.compose.BuildSpec;
import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.compose.PullPolicy;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ImageBuild;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Step 5: builds each distinct build context once (even an unchanged one under {@code pull_policy:
 * build}), tags the image with the service's image name
 * and with the release id (so the release can be found again), pulls an image-only service's image
 * if it is missing, and records every service's image id.
 */
public final class BuildImagesStep implements Step {

  /**
   * On the images this step builds: the project they were built for, so an operator can prune
   * them by label. Not a Compose label: containers inherit their image's labels, and a container
   * that carried {@code com.docker.compose.project} would count as one of the stack's.
   */
  public static final String IMAGE_PROJECT = "dev.deployer.image.project";

  @Override
  public String name() {
    return "build images";
  }

  @Override
  public void run(DeployContext context) throws PipelineException {
    ContainerEngine engine = context.engine();
    Map<BuildSpec, String> built = new HashMap<>();
    for (ComposeService service : context.project().services().values()) {
      String reference = service.image() != null ? service.image() : context.project().name() + "-" + service.name();
      String imageId;
      String tag = context.request().imageTag();
      if (service.build() != null && tag != null) {
        // An image built (or loaded) before, under the tag the operator named: nothing is built.
        String tagged = repository(reference) + ":" + tag;
        imageId = engine.imageId(tagged).orElseThrow(() -> new PipelineException(PipelineException.Kind.PRE_CHECK_FAILED,
            "service " + service.name() + ": no image " + tagged + " on the engine (--image-tag " + tag
                + "); build it or load it first; nothing was changed"));
        if (service.options().pullPolicy().kind() == PullPolicy.Kind.BUILD) {
          context.events().warning(name(), "service " + service.name() + ": --image-tag " + tag
              + " deploys " + tagged + " as it is; its pull_policy build (rebuild at every deploy) is not applied");
        }
        String releaseTag = repository(reference) + ":" + context.release();
        engine.tagImage(imageId, releaseTag);
        reference = releaseTag;
      } else if (service.build() != null) {
        imageId = built.get(service.build());
        if (imageId == null) {
          boolean always = service.options().pullPolicy().kind() == PullPolicy.Kind.BUILD;
          context.events().progress(name(), "building " + reference + " from " + service.build().context()
              + (always ? " (pull_policy build: even if unchanged)" : ""));
          ImageBuild build = imageBuild(service.build(), reference, context.project().name())
              .withholding(deployerState(context.stateDirectory()));
          imageId = always
              ? engine.rebuildImage(build, line -> context.events().detail(name(), line))
              : engine.buildImage(build, line -> context.events().detail(name(), line));
          built.put(service.build(), imageId);
        }
        String releaseTag = repository(reference) + ":" + context.release();
        engine.tagImage(imageId, releaseTag);
        reference = releaseTag;
      } else {
        // Normally present since the pre-deployment checks (which pull what the pull policy asks for); pulled
        // here if removed since, unless the policy is never.
        if (service.options().pullPolicy().kind() == PullPolicy.Kind.NEVER && engine.imageId(reference).isEmpty()) {
          throw new PipelineException(PipelineException.Kind.DEPLOY_FAILED, "service " + service.name() + ": image "
              + reference + " is missing and its pull_policy is never");
        }
        try {
          imageId = ImageSources.presentOrPulled(engine, reference, line -> context.events().progress(name(), line));
        } catch (ImageSources.ImageUnavailableException e) {
          throw new PipelineException(PipelineException.Kind.DEPLOY_FAILED,
              "service " + service.name() + ": " + e.getMessage(), e);
        }
      }
      context.images().put(service.name(), reference);
      context.imageIds().put(service.name(), imageId);
      context.events().progress(name(), service.name() + " -> " + reference + " (" + shortId(imageId) + ")");
    }
  }

  /**
   * The service's build as the engine runs it: its image name first, then the build's own tags;
   * the build's labels and the project's; one platform at most (the pre-deployment checks refuse
   * any other than the engine's).
   */
  static ImageBuild imageBuild(BuildSpec build, String reference, String project) {
    List<String> tags = new ArrayList<>(List.of(reference));
    build.tags().stream().filter(tag -> !tags.contains(tag)).forEach(tags::add);
    Map<String, String> labels = new TreeMap<>(build.labels());
    labels.put(IMAGE_PROJECT, project);
    return new ImageBuild(build.context(), build.dockerfile(), build.dockerfileInline(), build.target(), tags, labels,
        build.args(), build.cacheFrom(), build.noCache(), build.pull(), build.network(), build.shmSize(),
        build.extraHosts(), build.platforms().isEmpty() ? null : build.platforms().get(0));
  }

  /**
   * The deployer's own state, never sent with a build context that holds it (a project folder
   * does, with compose's .deployer or a --state-dir inside it): its reports change at every deploy,
   * and its backups hold database dumps that {@code COPY . .} would put into the image. The
   * environment's directory, and the one that holds every environment's where that is not the
   * context itself.
   */
  static List<Path> deployerState(Path stateDirectory) {
    Path state = stateDirectory.toAbsolutePath().normalize();
    return state.getParent() == null ? List.of(state) : List.of(state, state.getParent());
  }

  private static String repository(String reference) {
    int colon = reference.lastIndexOf(':');
    return colon > reference.lastIndexOf('/') ? reference.substring(0, colon) : reference;
  }

  static String shortId(String imageId) {
    String hex = imageId.startsWith("sha256:") ? imageId.substring(7) : imageId;
    return hex.substring(0, Math.min(12, hex.length()));
  }
}
