package dev.deployer.cli;

import dev.deployer.pipeline.Secrets;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;

@Command(name = "deployer", mixinStandardHelpOptions = true, versionProvider = DeployerCli.Version.class,
    description = "Deploys the scheduler stack, verifies it against its baseline, monitors it and rolls it back.",
    subcommands = {DeployAndVerifyCommand.class, DeployCommand.class, VerifyCommand.class, DownCommand.class,
        StatusCommand.class, MonitorCommand.class, ReportCommand.class, ComposeCommand.class, BaselineCommand.class,
        RollbackCommand.class, ReleasesCommand.class, AuditCommand.class, LockCommand.class, BackupCommand.class,
        SwarmCommand.class,
        AutoComplete.GenerateCompletion.class, CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
        "0:success",
        "1:verification failed (rolled back where a verified release exists)",
        "2:bad usage or bad config; nothing changed",
        "3:pre-deployment check failed; nothing changed",
        "4:operator needed: the rollback failed",
        "5:container engine unreachable",
        "6:deploy lock held by another deploy",
        "7:the deploy failed and its rollback awaits approval (deployer rollback --approve ID)",
        "70:internal error in the deployer (a bug: run again with --stacktrace and report it)"})
public final class DeployerCli extends CommandGroup {


  public static void main(String[] args) {
    System.exit(commandLine(Colors.ansi(System.getenv(), System.console() != null)).execute(args));
  }

  /** The configured command line, without colour; tests call {@code execute} on it. */
  public static CommandLine commandLine() {
    return commandLine(Ansi.OFF);
  }

  /** {@code ansi}: whether help, tables and verdicts are coloured; commands read it from their colour scheme. */
  static CommandLine commandLine(Ansi ansi) {
    CommandLine commandLine = new CommandLine(new DeployerCli());
    commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(ansi));
    // picocli hides its completion command by default; operators should find it in --help.
    commandLine.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
    commandLine.setExitCodeExceptionMapper(new ExitCodes());
    commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
      PrintWriter err = cmd.getErr();
      // Only the process environment's secrets are known here: the run's own never got this far.
      Secrets secrets = Secrets.of(System.getenv());
      int exitCode = cmd.getExitCodeExceptionMapper().getExitCode(exception);
      err.println((exitCode == ExitCodes.INTERNAL_ERROR ? "internal error: " + exception.getClass().getSimpleName() + ": "
          : "error: ") + secrets.scrub(String.valueOf(exception.getMessage())));
      if (parseResult.expandedArgs().contains("--stacktrace")) {
        err.print(secrets.stackTrace(exception));
      }
      err.flush();
      return exitCode;
    });
    return commandLine;
  }

  /** The version, git commit and build time the build wrote into {@code build.properties}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      Properties build = new Properties();
      try (InputStream in = DeployerCli.class.getResourceAsStream("build.properties")) {
        if (in != null) {
          build.load(in);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new String[] {
          "deployer " + known(build.getProperty("version"), "development build"),
          "commit   " + known(build.getProperty("commit"), "unknown"),
          "built    " + known(build.getProperty("time"), "unknown"),
          "java     " + System.getProperty("java.version") + ", picocli " + CommandLine.VERSION};
    }

    /** An unfiltered placeholder (a build from the IDE) says nothing. */
    private static String known(String value, String otherwise) {
      return value == null || value.isBlank() || value.startsWith("${") ? otherwise : value;
    }
  }
}
