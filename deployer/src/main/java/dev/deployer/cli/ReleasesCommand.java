package dev.deployer.cli;

import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.event.EventSink;
import dev.deployer.pipeline.DeployContext;
import dev.deployer.pipeline.DeployRequest;
import dev.deployer.pipeline.PipelineException;
import dev.deployer.rollback.Release;
import dev.deployer.rollback.ReleaseLedger;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "releases", mixinStandardHelpOptions = true,
    description = "List the release ledger of an environment, newest first; * marks the release running now,"
        + " and each release's reports (deployment, validation, rollback) follow it.")
final class ReleasesCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  StackOptions stack;

  @Mixin
  JsonOption json;

  /** How the environment's engine is reached; a test's stand-in where there is no Docker. */
  Function<DeploymentConfig.DockerSettings, ContainerEngine> engines = Engines.docker();

  /** {@code deployer releases --json}: the schema {@value JsonOption#RELEASES}; each release as the ledger keeps it. */
  record Releases(String schema, String environment, String current, List<Release> releases, List<String> traffic) {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    DeployRequest request = stack.request(System.getenv());
    ReleaseLedger ledger = new ReleaseLedger(request.stateDirectory());
    List<Release> releases = new ArrayList<>(ledger.releases());
    Collections.reverse(releases);
    String current = ledger.current().map(Release::id).orElse(null);
    if (json.enabled) {
      JsonOption.print(out, new Releases(JsonOption.RELEASES, stack.environment, current, releases,
          traffic(request)));
      return ExitCodes.OK;
    }
    if (releases.isEmpty()) {
      out.println("no releases recorded for " + stack.environment);
    }
    Ansi ansi = spec.commandLine().getColorScheme().ansi();
    Table table = new Table("  RELEASE", "STATUS", "CREATED", "BY", "GIT", "IMAGES");
    for (Release release : releases) {
      table.row((release.id().equals(current) ? "* " : "  ") + release.id(), Colors.verdict(release.status().label()),
          release.created().toString().substring(0, 19), release.user(), release.gitRevision(),
          builtImages(release) + (release.imagesKept() ? "" : " (images released)"));
      if (!release.reports().isEmpty()) {
        table.note("    reports: " + String.join(", ", release.reports()));
      }
    }
    table.print(out, ansi);
    traffic(request).forEach(line -> out.println("traffic: " + line));
    out.flush();
    return ExitCodes.OK;
  }

  /** "api,worker built": the services whose image this release built (tagged with its id). */
  private static String builtImages(Release release) {
    return release.services().entrySet().stream()
        .filter(e -> e.getValue().image() != null && e.getValue().image().endsWith(":" + release.id()))
        .map(e -> e.getKey()).sorted().reduce((a, b) -> a + "," + b).map(s -> s + " built")
        .orElse("");
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
