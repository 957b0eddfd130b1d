package dev.deployer.cli;

import dev.deployer.infrastructure.config.ConfigException;
import dev.deployer.infrastructure.config.ConfigLoader;
import dev.deployer.pipeline.DeployRequest;
import dev.deployer.pipeline.PipelineException;
import dev.deployer.pipeline.RollbackApprovals;
import dev.deployer.pipeline.RollbackPlan;
import dev.deployer.pipeline.RollbackService;
import dev.deployer.rollback.Actor;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "rollback", mixinStandardHelpOptions = true,
    description = {"Put an earlier verified release back: its exact images and configuration, waited on and verified.",
        "Shows what it will do first; asks for confirmation where the environment requires it (production) unless"
            + " --yes. Data is kept unless --restore-data.",
        "Exit codes: 0 rolled back; 2 nothing to roll back to, or not confirmed; 4 rollback failed, operator needed;"
            + " 6 a deploy holds the lock."})
final class RollbackCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  StackOptions stack;

  @Mixin
  OutputOptions output;

  @Option(names = "--to", paramLabel = "RELEASE",
      description = "The release to go back to (see `deployer releases`). Default: the verified release before the current one.")
  String to;

  @Option(names = "--restore-data",
      description = "Also restore the pre-deploy database dump, after checking its checksum; rows written since are lost"
          + " (their count is shown first).")
  boolean restoreData;

  @Option(names = "--allow-newer-schema",
      description = "Start the release even if the database schema was migrated past it (only when the newer"
          + " migrations just added tables, nullable columns or indexes).")
  boolean allowNewerSchema;

  @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
  boolean yes;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the audit trail and the report.")
  String reason;

  @Option(names = "--approve", paramLabel = "ID", description = "Approve and carry out a pending rollback request.")
  String approve;

  @Option(names = "--reject", paramLabel = "ID", description = "Reject a pending rollback request.")
  String reject;

  @Option(names = "--requests", description = "List rollback requests (pending first) and exit.")
  boolean listRequests;

  @Option(names = "--dry-run", description = "Show what the rollback would do, and change nothing.")
  boolean dryRun;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DeployRequest request = stack.request(System.getenv());
    Actor actor = Actor.current(System.getenv());
    RollbackApprovals approvals = new RollbackApprovals(request, actor);
    if (listRequests) {
      approvals.list().forEach(r -> out.printf("%-26s %-9s %-20s %s -> %s  %s%n", r.id(), r.status(), r.created(),
          r.fromRelease(), r.toRelease(), r.reason()));
      out.flush();
      return ExitCodes.OK;
    }
    RollbackService service = new RollbackService(new ConsoleEvents(out, output), Engines.docker());
    RollbackApprovals.Approval approval;
    RollbackPlan planned;
    try {
      if (reject != null) {
        approvals.reject(reject, reason);
        out.println("rollback request " + reject + " rejected");
        out.flush();
        return ExitCodes.OK;
      }
      approval = approve == null ? null : approvals.approval(approve, to, reason);
      planned = service.plan(request, approval == null ? to : approval.target(), restoreData);
    } catch (PipelineException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return ExitCodes.of(e.kind());
    }
    RollbackPlan plan = allowNewerSchema ? planned.allowingNewerSchema() : planned;
    plan.describe().forEach(out::println);
    out.flush();
    if (dryRun) {
      out.println("dry run: nothing was changed");
      out.flush();
      return ExitCodes.OK;
    }
    boolean losesRows = restoreData && !plan.rowsLost().isEmpty();
    if (approval == null && !yes && (requiresConfirmation(request, err) || losesRows) && !Confirmation.ask(out, "Proceed with the rollback?")) {
      err.println("error: not confirmed; nothing was changed (pass --yes to skip the question)");
      err.flush();
      return ExitCodes.USAGE;
    }
    RollbackService.RollbackOutcome outcome = approval != null ? approvals.approve(approval, plan, service)
        : service.execute(request, plan, new RollbackService.Trigger("operator",
            reason == null ? "operator request" : reason, null), actor, false);
    out.println("report: " + outcome.reportFile());
    if (outcome.succeeded()) {
      out.println("rollback succeeded: " + request.environment() + " runs release " + plan.to().id());
      out.flush();
      return ExitCodes.OK;
    }
    err.println("error: rollback to " + plan.to().id() + " failed: " + outcome.report().failure());
    outcome.report().failureDetails().forEach(line -> err.println("  " + line));
    if (!outcome.report().stackState().isEmpty()) {
      err.println("the stack now:");
      outcome.report().stackState().forEach(line -> err.println("  " + line));
    }
    err.println("what to do: " + outcome.report().operatorAction());
    if (output.stacktrace && outcome.failureTrace() != null) {
      err.print(outcome.failureTrace());
    }
    err.flush();
    out.flush();
    return ExitCodes.of(outcome.failure().kind());
  }

  private static boolean requiresConfirmation(DeployRequest request, PrintWriter err) {
    try {
      return new ConfigLoader(request.processEnvironment()).load(request.configFile(), request.environment())
          .rollback().requiresConfirmation();
    } catch (ConfigException e) {
      err.println("warning: " + e.getMessage() + "; asking for confirmation");
      return true;
    }
  }
}
