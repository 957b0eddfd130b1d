package dev.deployer.cli;

import dev.deployer.pipeline.Pipelines;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "deploy-and-verify", mixinStandardHelpOptions = true,
    description = {"Deploy the stack for an environment, wait until every service is healthy, and verify it.",
        "Writes the deployment and validation reports, and every step and check as JUnit XML for CI, under the"
            + " state directory's reports (junit/<release>-deploy-and-verify.xml)."})
final class DeployAndVerifyCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  StackOptions stack;

  @Mixin
  OutputOptions output;

  @Mixin
  ThresholdOptions thresholds;

  @Mixin
  ImageTagOption imageTag;

  @Override
  public Integer call() {
    return PipelineRunner.run(spec, thresholds.apply(imageTag.apply(stack.request(System.getenv()))), output,
        "deploy-and-verify", Pipelines.deployAndVerify(), true);
  }
}
