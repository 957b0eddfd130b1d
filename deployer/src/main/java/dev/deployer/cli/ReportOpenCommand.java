package dev.deployer.cli;

import dev.deployer.monitor.HealthReports;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "open", mixinStandardHelpOptions = true,
    description = {"Open a health report's HTML page (default: the newest) with the desktop's opener (xdg-open, or"
        + " open on macOS) where there is a desktop; elsewhere print its path."})
final class ReportOpenCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  StackOptions stack;

  @Parameters(arity = "0..1", paramLabel = "ID", description = "Health report id, as `report list --type health` shows it.")
  String id;

  /** Opens the page and says whether it could; by default the desktop's opener. */
  Predicate<Path> opener = DesktopOpener.fromEnvironment(System.getenv());

  @Override
  public Integer call() {
    Path state = stack.request(System.getenv()).stateDirectory();
    Optional<Path> page = id == null ? HealthReports.latestPage(state)
        : HealthReports.pages(state).stream().filter(p -> p.getFileName().toString().equals(id + ".html")).findFirst();
    if (page.isEmpty()) {
      spec.commandLine().getErr().println("error: no health page " + (id == null ? "yet" : id) + " for environment "
          + stack.environment + "; `deployer monitor --env " + stack.environment + "` writes one");
      return ExitCodes.USAGE;
    }
    spec.commandLine().getOut().println(opener.test(page.get()) ? "opened " + page.get() : page.get().toString());
    return ExitCodes.OK;
  }
}
