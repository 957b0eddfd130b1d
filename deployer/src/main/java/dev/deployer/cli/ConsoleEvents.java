package dev.deployer.cli;

import dev.deployer.infrastructure.event.DeployEvent;
import dev.deployer.infrastructure.event.EventSink;
import dev.deployer.pipeline.Secrets;
import java.io.PrintWriter;

/**
 * Renders pipeline events as progress lines. A run's events arrive scrubbed with all its secrets
 * (see {@link Secrets}); this masks the process environment's again for events from elsewhere.
 */
final class ConsoleEvents implements EventSink {

  private final PrintWriter out;
  private final OutputOptions options;
  private final Secrets secrets;

  ConsoleEvents(PrintWriter out, OutputOptions options) {
    this(out, options, Secrets.of(System.getenv()));
  }

  ConsoleEvents(PrintWriter out, OutputOptions options, Secrets secrets) {
    this.out = out;
    this.options = options;
    this.secrets = secrets;
  }

  @Override
  public synchronized void emit(DeployEvent event) {
    if (options.quiet && event.kind() != DeployEvent.Kind.STEP_FAILED
        || event.kind() == DeployEvent.Kind.DETAIL && !options.verbose) {
      return;
    }
    String message = secrets.scrub(event.message());
    switch (event.kind()) {
      case STEP_STARTED -> out.println("==> " + event.step());
      case STEP_FINISHED -> out.printf("    %s done in %s%n", event.step(), Durations.format(event.duration()));
      case STEP_FAILED -> out.printf("    %s FAILED after %s: %s%n", event.step(), Durations.format(event.duration()),
          message);
      case WARNING -> out.println("    ! " + message);
      case PROGRESS -> out.println("    " + message);
      case DETAIL -> out.println("      " + message);
    }
    out.flush();
  }
}
