package dev.deployer.cli;

import dev.deployer.pipeline.Pipelines;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "down", mixinStandardHelpOptions = true,
    description = "Stop and remove the stack's containers and networks. Data volumes are kept unless --volumes.")
final class DownCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  StackOptions stack;

  @Mixin
  OutputOptions output;

  @Option(names = "--volumes", description = "Also remove the stack's volumes, and with them its data.")
  boolean volumes;

  @Option(names = "--images", description = "Also remove the environment's release images (their holds and release"
      + " tags), so nothing is left to roll back to. For an environment taken away for good.")
  boolean images;

  @Override
  public Integer call() {
    return PipelineRunner.run(spec, stack.request(System.getenv()), output, "down", Pipelines.down(volumes, images));
  }
}
