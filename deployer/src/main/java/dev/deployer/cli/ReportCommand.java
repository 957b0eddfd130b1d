package dev.deployer.cli;

import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.report.ReportStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "report", mixinStandardHelpOptions = true,
    description = "List, show and prune the reports of an environment.",
    subcommands = {ReportCommand.ListReports.class, ReportCommand.ShowReport.class, ReportCommand.PruneReports.class,
        ReportOpenCommand.class})
final class ReportCommand extends CommandGroup {


  static ReportStore store(StackOptions stack) {
    return new ReportStore(stack.request(System.getenv()).stateDirectory());
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List reports, newest first.")
  static final class ListReports implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptions stack;

    @Option(names = "--type", paramLabel = "TYPE", description = "deployment, validation, health, performance, rollback.")
    String type;

    @Mixin
    JsonOption json;

    /** {@code deployer report list --json}: the schema {@value JsonOption#REPORTS}. */
    record Reports(String schema, String environment, List<Report> reports) {}

    record Report(String type, String id, Path path, Instant modified) {}

    @Override
    public Integer call() throws IOException {
      ReportStore store = store(stack);
      List<Report> reports = new ArrayList<>();
      for (String each : type == null ? store.types() : List.of(type)) {
        for (Path report : store.list(each)) {
          reports.add(new Report(each, ReportStore.id(report), report,
              Files.getLastModifiedTime(report).toInstant()));
        }
      }
      PrintWriter out = spec.commandLine().getOut();
      if (json.enabled) {
        JsonOption.print(out, new Reports(JsonOption.REPORTS, stack.environment, reports));
        return ExitCodes.OK;
      }
      if (reports.isEmpty()) {
        out.println("no reports for " + stack.environment);
      } else {
        Table table = new Table("TYPE", "ID", "WRITTEN");
        reports.forEach(report -> table.row(report.type(), report.id(), report.modified()));
        table.print(out, spec.commandLine().getColorScheme().ansi());
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Print one report (default: the newest).")
  static final class ShowReport implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptions stack;

    @Option(names = "--type", paramLabel = "TYPE", defaultValue = "deployment",
        description = "Report type. Default: ${DEFAULT-VALUE}.")
    String type;

    @Parameters(arity = "0..1", paramLabel = "ID", description = "Report id, as `report list` shows it.")
    String id;

    @Override
    public Integer call() throws IOException {
      List<Path> reports = store(stack).list(type);
      Optional<Path> report = id == null ? reports.stream().findFirst()
          : reports.stream().filter(r -> ReportStore.id(r).equals(id)).findFirst();
      if (report.isEmpty()) {
        spec.commandLine().getErr().println("error: no " + type + " report " + (id == null ? "yet" : id)
            + " for environment " + stack.environment);
        return ExitCodes.USAGE;
      }
      spec.commandLine().getOut().println(Files.readString(report.get()));
      return ExitCodes.OK;
    }
  }

  @Command(name = "prune", mixinStandardHelpOptions = true,
      description = "Delete reports older than their retention period (deployment 30d, health 7d, rollback 90d, ...).")
  static final class PruneReports implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptions stack;

    @Override
    public Integer call() {
      Optional<DeploymentConfig> config = stack.config(spec.commandLine().getErr());
      if (config.isEmpty()) {
        return ExitCodes.USAGE;
      }
      List<Path> deleted = store(stack).prune(config.get().reports().retention(), Instant.now());
      deleted.forEach(path -> spec.commandLine().getOut().println("deleted " + path));
      spec.commandLine().getOut().println(deleted.size() + " report file(s) deleted");
      return ExitCodes.OK;
    }
  }
}
