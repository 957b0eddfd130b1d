package dev.deployer.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Consumer;
import picocli.CommandLine;

/** Runs the deployer's command line in the test's JVM, as picocli's testing guide does, and keeps what it printed. */
record Cli(int exit, String out, String err) {

  static Cli execute(String... args) {
    return execute(commandLine -> { }, args);
  }

  /** {@code setup}: fakes put into the commands (an engine) before they run. */
  static Cli execute(Consumer<CommandLine> setup, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = DeployerCli.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    setup.accept(commandLine);
    int exit = commandLine.execute(args);
    return new Cli(exit, out.toString(), err.toString());
  }

  /** The command object picocli made for {@code path} (e.g. "lock", "status"). */
  @SuppressWarnings("unchecked")
  static <T> T command(CommandLine root, String... path) {
    CommandLine command = root;
    for (String name : path) {
      command = command.getSubcommands().get(name);
    }
    return (T) command.getCommand();
  }
}
