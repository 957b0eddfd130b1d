package dev.deployer.cli;

import picocli.CommandLine.Option;

/** How much to print. */
public final class OutputOptions {

  @Option(names = {"-q", "--quiet"}, description = "Print only the summary and errors.")
  boolean quiet;

  @Option(names = "--stacktrace", description = "Print stack traces of internal errors.")
  boolean stacktrace;
}
