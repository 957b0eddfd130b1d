package dev.deployer.cli;

import dev.deployer.pipeline.Pipelines;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "deploy", mixinStandardHelpOptions = true,
    description = "Deploy the stack for an environment and wait until every service is healthy.")
final class DeployCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  StackOptions stack;

  @Mixin
  OutputOptions output;

  @Mixin
  ImageTagOption imageTag;

  @Override
  public Integer call() {
    return PipelineRunner.run(spec, imageTag.apply(stack.request(System.getenv())), output, "deploy", Pipelines.deploy());
  }
}
