package dev.deployer.cli;

import dev.deployer.pipeline.Secrets;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "deployer", mixinStandardHelpOptions = true, versionProvider = DeployerCli.Version.class,
    description = "Deploys the scheduler stack, verifies it against its baseline, monitors it and rolls it back.",
    subcommands = {DeployAndVerifyCommand.class, DeployCommand.class, VerifyCommand.class, DownCommand.class,
        StatusCommand.class, MonitorCommand.class, ReportCommand.class, ComposeCommand.class, BaselineCommand.class,
        RollbackCommand.class, ReleasesCommand.class, AuditCommand.class, LockCommand.class, BackupCommand.class,
        SwarmCommand.class,
        CommandLine.HelpCommand.class},
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
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests call {@code execute} on it. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new DeployerCli());
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

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = DeployerCli.class.getPackage().getImplementationVersion();
      return new String[] {"deployer " + (version == null ? "development build" : version)};
    }
  }
}
