package dev.deployer.pipeline;

import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.rollback.Release;

/**
 * Rollback step: the target release's exact images, by id, in place of a build. An image that
 * is gone (removed by hand or pruned without a hold) stops the rollback before anything changes.
 */
public final class UseReleaseImagesStep implements Step {

  private final Release target;

  public UseReleaseImagesStep(Release target) {
    this.target = target;
  }

  @Override
  public String name() {
    return "release images";
  }

  @Override
  public void run(DeployContext context) throws PipelineException {
    ContainerEngine engine = context.engine();
    for (ComposeService service : context.project().services().values()) {
      Release.ServiceImage image = target.services().get(service.name());
      if (image == null || image.imageId() == null) {
        throw new PipelineException(PipelineException.Kind.ROLLBACK_FAILED,
            "release " + target.id() + " has no image recorded for service " + service.name() + "; nothing was changed");
      }
      if (engine.imageId(image.imageId()).isEmpty()) {
        throw new PipelineException(PipelineException.Kind.ROLLBACK_FAILED, "the image of service " + service.name()
            + " in release " + target.id() + " (" + image.image() + ", " + BuildImagesStep.shortId(image.imageId())
            + ") is no longer on the engine; nothing was changed. Roll back to another release with --to, or deploy"
            + " a fixed release forward");
      }
      boolean tagIntact = image.image() != null && engine.imageId(image.image()).filter(image.imageId()::equals).isPresent();
      String reference = tagIntact ? image.image() : image.imageId();
      if (!tagIntact && image.image() != null && image.image().endsWith(":" + target.id())) {
        engine.tagImage(image.imageId(), image.image());
        reference = image.image();
      }
      context.images().put(service.name(), reference);
      context.imageIds().put(service.name(), image.imageId());
      context.events().progress(name(), service.name() + " -> " + reference + " (" + BuildImagesStep.shortId(image.imageId()) + ")");
    }
  }
}
