package dev.deployer.cli;

import dev.deployer.infrastructure.event.DeployEvent;
import dev.deployer.infrastructure.event.EventSink;
import java.io.PrintWriter;

/** Renders pipeline events as progress lines. */
final class ConsoleEvents implements EventSink {

  private final PrintWriter out;
  private final OutputOptions options;

  ConsoleEvents(PrintWriter out, OutputOptions options) {
    this.out = out;
    this.options = options;
  }

  @Override
  public synchronized void emit(DeployEvent event) {
    if (options.quiet && event.kind() != DeployEvent.Kind.STEP_FAILED) {
      return;
    }
    switch (event.kind()) {
      case STEP_STARTED -> out.println("==> " + event.step());
      case STEP_FINISHED -> out.printf("    %s done in %s%n", event.step(), Durations.format(event.duration()));
      case STEP_FAILED -> out.printf("    %s FAILED after %s: %s%n", event.step(), Durations.format(event.duration()),
          event.message());
      case WARNING -> out.println("    ! " + event.message());
      case PROGRESS -> out.println("    " + event.message());
    }
    out.flush();
  }
}
