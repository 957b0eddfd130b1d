package dev.deployer.cli;

import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.stack.ComposeLabels;
import dev.deployer.pipeline.DeployRequest;
import dev.deployer.pipeline.Pipelines;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "down", mixinStandardHelpOptions = true,
    description = {"Stop and remove the stack's containers and networks. Data volumes are kept unless --volumes.",
        "Takes the deploy lock (exit 6 while a deploy runs). Where the environment requires confirmation"
            + " (production), asks first, or needs --yes; with --volumes it names the volumes whose data is lost."})
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

  @Option(names = "--yes", description = "Do not ask for confirmation where the environment requires it.")
  boolean yes;

  @Override
  public Integer call() {
    DeployRequest request = stack.request(System.getenv());
    PrintWriter err = spec.commandLine().getErr();
    Optional<DeploymentConfig> config = stack.config(err);
    if (config.isEmpty()) {
      return ExitCodes.USAGE;
    }
    if (config.get().rollback().requiresConfirmation()) {
      PrintWriter out = spec.commandLine().getOut();
      out.println("down " + request.environment() + ": removes the containers and networks of project "
          + config.get().project() + " on " + config.get().docker().host());
      if (volumes) {
        List<String> lost = volumesOf(config.get());
        out.println("  and its volumes, whose data is lost for good: "
            + (lost.isEmpty() ? "(none exist now)" : String.join(", ", lost)));
      }
      if (images) {
        out.println("  and its release images: nothing will be left to roll back to");
      }
      out.flush();
      if (!yes && !Confirmation.ask(out, "Proceed?")) {
        err.println("error: not confirmed; nothing was changed (pass --yes to skip the question)");
        err.flush();
        return ExitCodes.USAGE;
      }
    }
    return PipelineRunner.run(spec, request, output, "down", Pipelines.down(volumes, images));
  }

  private List<String> volumesOf(DeploymentConfig config) {
    try (ContainerEngine engine = stack.engines.apply(config.docker())) {
      return engine.volumes(ComposeLabels.project(config.project())).stream().sorted().toList();
    }
  }
}
