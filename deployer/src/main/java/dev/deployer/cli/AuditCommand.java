package dev.deployer.cli;

import dev.deployer.infrastructure.report.ReportStore;
import dev.deployer.rollback.AuditLog;
import dev.deployer.rollback.AuditRecord;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "audit", mixinStandardHelpOptions = true,
    description = "Print the audit trail of an environment: every deploy, rollback, approval and lock override,"
        + " with who, when, why, from, to and the result.")
final class AuditCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  StackOptions stack;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "The last N records. Default: ${DEFAULT-VALUE}.")
  int limit;

  @Option(names = "--action", paramLabel = "ACTION", description = "Only this action: deploy, rollback, approve, ...")
  String action;

  @Option(names = "--json", description = "One JSON object per line, as stored.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    List<AuditRecord> records = new AuditLog(stack.request(System.getenv()).stateDirectory()).read().stream()
        .filter(r -> action == null || action.equals(r.action()))
        .toList();
    for (AuditRecord r : records.subList(Math.max(0, records.size() - limit), records.size())) {
      if (json) {
        out.println(ReportStore.json().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
            .writeValueAsString(r));
      } else {
        out.printf("%-24s %-16s %-18s %-22s -> %-22s %-10s %s%n", r.time(), r.user() + "@" + r.host(), r.action(),
            r.from() == null ? "-" : r.from(), r.to() == null ? "-" : r.to(), r.result(),
            r.reason() == null ? "" : r.reason());
      }
    }
    out.flush();
    return ExitCodes.OK;
  }
}
