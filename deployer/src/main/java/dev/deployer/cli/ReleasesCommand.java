package dev.deployer.cli;

import dev.deployer.infrastructure.event.EventSink;
import dev.deployer.pipeline.DeployContext;
import dev.deployer.pipeline.DeployRequest;
import dev.deployer.pipeline.PipelineException;

import dev.deployer.infrastructure.report.ReportStore;
import dev.deployer.rollback.Release;
import dev.deployer.rollback.ReleaseLedger;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "releases", mixinStandardHelpOptions = true,
    description = "List the release ledger of an environment, newest first; * marks the release running now,"
        + " and each release's reports (deployment, validation, rollback) follow it.")
final class ReleasesCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  StackOptions stack;

  @Option(names = "--json", description = "Print the ledger as JSON.")
  boolean json;

  /** How the environment's engine is reached; a test's stand-in where there is no Docker. */
  java.util.function.Function<dev.deployer.infrastructure.config.DeploymentConfig.DockerSettings,
      dev.deployer.infrastructure.engine.ContainerEngine> engines = Engines.docker();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    DeployRequest request = stack.request(System.getenv());
    ReleaseLedger ledger = new ReleaseLedger(request.stateDirectory());
    List<Release> releases = new java.util.ArrayList<>(ledger.releases());
    java.util.Collections.reverse(releases);
    String current = ledger.current().map(Release::id).orElse(null);
    if (json) {
      out.println(ReportStore.json().writeValueAsString(releases));
      out.flush();
      return ExitCodes.OK;
    }
    if (releases.isEmpty()) {
      out.println("no releases recorded for " + stack.environment);
    }
    out.printf("  %-22s %-12s %-20s %-12s %-12s %s%n", "RELEASE", "STATUS", "CREATED", "BY", "GIT", "IMAGES");
    for (Release release : releases) {
      String images = release.services().entrySet().stream()
          .filter(e -> e.getValue().image() != null && e.getValue().image().endsWith(":" + release.id()))
          .map(e -> e.getKey()).sorted().reduce((a, b) -> a + "," + b).map(s -> s + " built")
          .orElse("");
      out.printf("%s %-22s %-12s %-20s %-12s %-12s %s%s%n", release.id().equals(current) ? "*" : " ", release.id(),
          release.status().label(), release.created().toString().substring(0, 19), release.user(),
          release.gitRevision() == null ? "-" : release.gitRevision(), images,
          release.imagesKept() ? "" : " (images released)");
      if (!release.reports().isEmpty()) {
        out.println("    reports: " + String.join(", ", release.reports()));
      }
    }
    traffic(request).forEach(line -> out.println("traffic: " + line));
    out.flush();
    return ExitCodes.OK;
  }

  /** Which release takes the traffic and which is kept warm, where the target says (blue/green). */
  private List<String> traffic(DeployRequest request) {
    DeployContext context = new DeployContext(request, EventSink.NONE, engines);
    try {
      context.load();
      return context.target().traffic(context);
    } catch (PipelineException | RuntimeException e) {
      return List.of("unknown (" + e.getMessage() + ")");
    } finally {
      context.closeEngine();
    }
  }
}
