package dev.deployer.pipeline;

/** One phase of a deploy; {@code deploy}, {@code verify} and {@code deploy-and-verify} are lists of these. */
public interface Step {

  String name();

  void run(DeployContext context) throws PipelineException;
}
