package dev.deployer.cli;

import dev.deployer.pipeline.DeployRequest;
import picocli.CommandLine.Option;

/** {@code --image-tag}: deploy images that exist already instead of building them. */
final class ImageTagOption {

  @Option(names = "--image-tag", paramLabel = "TAG",
      description = "Deploy the services that compose.yaml builds from TAG of their image (e.g. scheduler-app:TAG),"
          + " which must exist on the engine (built or loaded before), instead of building them.")
  String tag;

  DeployRequest apply(DeployRequest request) {
    return tag == null ? request : request.withImageTag(tag);
  }
}
