package dev.deployer.cli;

import dev.deployer.pipeline.DeploymentService;
import dev.deployer.pipeline.Pipelines;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Verify the running stack of an environment without changing it.")
final class VerifyCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  StackOptions stack;

  @Mixin
  OutputOptions output;

  @Mixin
  ThresholdOptions thresholds;

  @Override
  public Integer call() {
    return PipelineRunner.run(spec, thresholds.apply(stack.request(System.getenv())), output,
        DeploymentService.VERIFY, Pipelines.verify(), true);
  }
}
