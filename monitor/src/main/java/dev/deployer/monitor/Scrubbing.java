package dev.deployer.monitor;

import dev.deployer.infrastructure.check.Redaction;
import dev.deployer.rollback.RollbackRequest;
import java.util.Map;

/** Removes secret values from the free text of a health report (check output, alert messages). */
final class Scrubbing {

  private Scrubbing() {}

  static HealthReport scrub(HealthReport report, Map<String, String> variables) {
    return new HealthReport(report.id(), report.environment(), report.project(), report.started(), report.finished(),
        report.status(), report.settings(),
        report.checks().stream().map(c -> new HealthReport.CheckSummary(c.name(), c.level(), c.schedule(), c.runs(),
            c.failures(), c.consecutiveFailures(), c.lastVerdict(), text(c.lastExpected(), variables),
            text(c.lastActual(), variables), c.lastTime(), c.averageMillis(), c.maxMillis())).toList(),
        report.samples(),
        report.alerts().stream().map(a -> new Alert(a.time(), a.severity(), a.kind(), a.source(), a.level(),
            text(a.message(), variables))).toList(),
        report.events(),
        report.rollbackRequests().stream().map(r -> new HealthReport.RollbackRecord(scrub(r.request(), variables),
            r.status(), text(r.detail(), variables))).toList(),
        report.eventStreamReconnects(), report.traffic().stream().map(line -> text(line, variables)).toList());
  }

  private static RollbackRequest scrub(RollbackRequest request, Map<String, String> variables) {
    return request.withReason(text(request.reason(), variables));
  }

  private static String text(String text, Map<String, String> variables) {
    return text == null ? null : Redaction.scrub(text, variables);
  }
}
