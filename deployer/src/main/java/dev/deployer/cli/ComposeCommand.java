package dev.deployer.cli;

import dev.deployer.infrastructure.compose.ComposeException;
import dev.deployer.infrastructure.compose.ComposeJson;
import dev.deployer.infrastructure.compose.ComposeLoader;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.pipeline.DeployRequest;
import dev.deployer.pipeline.Pipelines;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "compose", mixinStandardHelpOptions = true,
    description = "Use the deployer's Compose support on any compose file, like `docker compose`.",
    subcommands = {ComposeCommand.Config.class, ComposeCommand.Up.class, ComposeCommand.Down.class})
final class ComposeCommand extends CommandGroup {


  /** Which file and profiles; shared by the compose subcommands. */
  static final class FileOptions {

    @Option(names = "--project-dir", paramLabel = "DIR", defaultValue = ".",
        description = "Directory of the compose file and its .env. Default: the current directory.")
    Path projectDirectory;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
        description = "Compose file; repeatable, later files merged over earlier ones. Default: compose.yaml "
            + "(or docker-compose.yml) in the project directory, with compose.override.yaml beside it.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--profile", paramLabel = "PROFILE", description = "Enable a profile; repeatable.")
    List<String> profiles = new ArrayList<>();

    Path composeFile() {
      return composeFiles().get(0);
    }

    List<Path> composeFiles() {
      if (files.isEmpty()) {
        return ComposeLoader.defaultFiles(projectDirectory);
      }
      return files.stream().map(file -> file.toAbsolutePath().normalize()).toList();
    }

    Set<String> profileSet() {
      return new LinkedHashSet<>(profiles);
    }

    DeployRequest request() {
      return new DeployRequest("compose", composeFile(), projectDirectory.resolve(".deployer").toAbsolutePath()
          .normalize().resolve("compose"), System.getenv(), null);
    }
  }

  @Command(name = "config", mixinStandardHelpOptions = true,
      description = "Print the resolved compose model, as `docker compose config` does.")
  static final class Config implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    FileOptions files;

    @Option(names = "--format", defaultValue = "yaml", paramLabel = "FORMAT", description = "json or yaml. Default: ${DEFAULT-VALUE}.")
    String format;

    @Override
    public Integer call() throws Exception {
      if (!format.equals("json") && !format.equals("yaml")) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--format must be json or yaml, was " + format);
      }
      ComposeProject project;
      ComposeLoader loader = new ComposeLoader(System.getenv());
      try {
        project = loader.load(files.composeFiles(), files.profileSet(), null);
      } catch (ComposeException e) {
        printWarnings(loader);
        spec.commandLine().getErr().println("error: " + e.getMessage());
        return ExitCodes.USAGE;
      }
      printWarnings(loader);
      String model;
      if (format.equals("json")) {
        model = ComposeJson.pretty(project) + System.lineSeparator();
      } else {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        model = new Yaml(options).dump(ComposeJson.project(project));
      }
      // As docker compose config does (docker/compose#8632): every '$' doubled, so the output loads again as it is.
      spec.commandLine().getOut().print(model.replace("$", "$$"));
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }

    /** Like `docker compose config`: warnings on standard error, so standard output stays the model. */
    private void printWarnings(ComposeLoader loader) {
      loader.warnings().forEach(warning -> spec.commandLine().getErr().println("WARN[0000] " + warning));
      spec.commandLine().getErr().flush();
    }
  }

  @Command(name = "up", mixinStandardHelpOptions = true,
      description = "Create and start the file's services and wait until they are healthy.")
  static final class Up implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    FileOptions files;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
      return PipelineRunner.run(spec, files.request(), output, "compose-up",
          Pipelines.composeUp(files.composeFiles(), files.profileSet()));
    }
  }

  @Command(name = "down", mixinStandardHelpOptions = true,
      description = "Stop and remove the file's containers and networks; volumes only with --volumes.")
  static final class Down implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    FileOptions files;

    @Mixin
    OutputOptions output;

    @Option(names = {"-v", "--volumes"}, description = "Also remove named volumes.")
    boolean volumes;

    @Override
    public Integer call() {
      return PipelineRunner.run(spec, files.request(), output, "compose-down",
          Pipelines.composeDown(files.composeFiles(), files.profileSet(), volumes));
    }
  }
}
