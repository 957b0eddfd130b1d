package dev.deployer.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.deployer.infrastructure.report.ReportStore;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine.Option;

/**
 * {@code --json} for a command that shows state. Every document is a JSON object whose first
 * field, {@code schema}, names its shape and version ({@code deployer.status/v1}); the README's
 * "JSON output" lists the fields of each. A field is only ever added within a version.
 */
public final class JsonOption {

  static final String STATUS = "deployer.status/v1";
  static final String LOCK = "deployer.lock/v1";
  static final String BACKUPS = "deployer.backups/v1";
  static final String REPORTS = "deployer.reports/v1";
  static final String RELEASES = "deployer.releases/v1";

  @Option(names = "--json", description = "Print a JSON document on standard output instead of text; its shape is"
      + " named by its \"schema\" field (README, \"JSON output\").")
  boolean enabled;

  /** Prints {@code document}, a record whose first component is its {@code schema}. */
  static void print(PrintWriter out, Object document) {
    try {
      out.println(ReportStore.json().writeValueAsString(document));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
