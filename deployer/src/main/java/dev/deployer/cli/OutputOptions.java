package dev.deployer.cli;

import picocli.CommandLine.Option;

/** How much to print. */
public final class OutputOptions {

  @Option(names = {"-q", "--quiet"}, description = "Print only the summary and errors.")
  boolean quiet;

  @Option(names = "--verbose", description = "Also print the image build's output and the last log lines of a"
      + " container that restarts, as they happen.")
  boolean verbose;

  @Option(names = "--json", description = "Print the report as JSON on standard output; progress goes to standard error.")
  boolean json;

  @Option(names = "--junit", paramLabel = "FILE", description = "Also write every step and check as JUnit XML to FILE, for CI.")
  java.nio.file.Path junit;

  @Option(names = "--stacktrace", description = "Print stack traces of internal errors.")
  boolean stacktrace;
}
