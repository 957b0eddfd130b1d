package dev.deployer.monitor;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A health report as one self-contained HTML page: inline CSS and SVG, no script and nothing
 * fetched, so it opens anywhere (an air-gapped host, a CI artifact viewer).
 */
public final class HealthPage {

  private static final String STYLE = """
      body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1000px}
      h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
      .status{display:inline-block;padding:2px 10px;border-radius:10px;color:#fff;font-weight:600}
      .status.healthy{background:#2e7d32}.status.unhealthy{background:#c62828}.status.rollback{background:#6a1b9a}
      table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #ddd;padding:4px 6px;
      text-align:left;vertical-align:top}th{background:#f5f5f5}td.FAIL{color:#c62828;font-weight:600}
      td.PASS{color:#2e7d32}td.WARN{color:#b58100}
      .chart{display:block;background:#fff;border:1px solid #ddd;margin:4px 0}
      .chart .grid{stroke:#eee}.chart .axis-line{stroke:#999}.chart .axis,.chart .legend{font-size:11px;fill:#555}
      .chart polyline{fill:none;stroke-width:1.6}
      .muted{color:#777}
      """;

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);

  private HealthPage() {}

  public static String render(HealthReport report) {
    Instant to = report.finished() == null ? Instant.now() : report.finished();
    HealthCharts charts = new HealthCharts(report.started(), to);
    StringBuilder html = new StringBuilder(64 * 1024);
    html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Health ")
        .append(escape(report.environment())).append(' ').append(escape(report.id())).append("</title><style>")
        .append(STYLE).append("</style></head><body>");
    String statusClass = HealthReport.HEALTHY.equals(report.status()) ? "healthy"
        : HealthReport.ROLLBACK_REQUESTED.equals(report.status()) ? "rollback" : "unhealthy";
    html.append("<h1>Health of ").append(escape(report.environment())).append(" <span class=\"muted\">(project ")
        .append(escape(report.project())).append(")</span></h1>")
        .append("<p><span id=\"status\" class=\"status ").append(statusClass).append("\">").append(escape(report.status()))
        .append("</span> ").append(time(report.started())).append(" to ").append(time(to)).append(" &middot; ")
        .append(report.checks().size()).append(" checks &middot; health every ")
        .append(report.settings().healthInterval().toMillis() / 1000.0).append(" s, metrics every ")
        .append(report.settings().metricsInterval().toMillis() / 1000.0).append(" s &middot; rollback after ")
        .append(report.settings().failureThreshold()).append(" consecutive failures")
        .append(report.settings().requiresConfirmation() ? " (operator approval required)" : "").append("</p>");
    if (!report.traffic().isEmpty()) {
      html.append("<h2>Traffic</h2><ul id=\"traffic\">");
      report.traffic().forEach(line -> html.append("<li>").append(escape(line)).append("</li>"));
      html.append("</ul>");
    }
    html.append("<h2>Latency</h2>").append(charts.latency(report.samples()));
    html.append("<h2>Outcomes</h2>").append(charts.outcomes(report.samples()));
    html.append("<h2>Alerts</h2>").append(charts.alertTimeline(report.alerts()));
    alerts(html, report.alerts());
    checks(html, report.checks());
    rollbacks(html, report.rollbackRequests());
    events(html, report.events(), report.eventStreamReconnects());
    return html.append("</body></html>\n").toString();
  }

  private static void checks(StringBuilder html, List<HealthReport.CheckSummary> checks) {
    html.append("<h2>Checks</h2><table id=\"checks\"><tr><th>check</th><th>level</th><th>last</th><th>runs</th>"
        + "<th>failures</th><th>in a row</th><th>avg / max ms</th><th>last result</th></tr>");
    for (HealthReport.CheckSummary check : checks) {
      html.append("<tr><td>").append(escape(check.name())).append("</td><td>").append(escape(check.level()))
          .append("</td><td class=\"").append(escape(check.lastVerdict())).append("\">").append(escape(check.lastVerdict()))
          .append("</td><td>").append(check.runs()).append("</td><td>").append(check.failures()).append("</td><td>")
          .append(check.consecutiveFailures()).append("</td><td>").append(check.averageMillis()).append(" / ")
          .append(check.maxMillis()).append("</td><td>").append(escape(check.lastActual()))
          .append("<br><span class=\"muted\">expected ").append(escape(check.lastExpected())).append("</span></td></tr>");
    }
    html.append("</table>");
  }

  private static void alerts(StringBuilder html, List<Alert> alerts) {
    if (alerts.isEmpty()) {
      html.append("<p class=\"muted\">No alerts.</p>");
      return;
    }
    html.append("<table id=\"alerts\"><tr><th>time</th><th>severity</th><th>kind</th><th>source</th><th>message</th></tr>");
    for (Alert alert : alerts) {
      html.append("<tr><td>").append(time(alert.time())).append("</td><td>").append(alert.severity()).append("</td><td>")
          .append(alert.kind()).append("</td><td>").append(escape(alert.source())).append("</td><td>")
          .append(escape(alert.message())).append("</td></tr>");
    }
    html.append("</table>");
  }

  private static void rollbacks(StringBuilder html, List<HealthReport.RollbackRecord> rollbacks) {
    html.append("<h2>Rollback requests</h2>");
    if (rollbacks.isEmpty()) {
      html.append("<p class=\"muted\">None.</p>");
      return;
    }
    html.append("<table id=\"rollbacks\"><tr><th>id</th><th>time</th><th>status</th><th>trigger</th><th>reason</th></tr>");
    for (HealthReport.RollbackRecord record : rollbacks) {
      html.append("<tr><td>").append(escape(record.request().id())).append("</td><td>").append(time(record.request().created()))
          .append("</td><td>").append(escape(record.status())).append("<br><span class=\"muted\">")
          .append(escape(record.detail())).append("</span></td><td>").append(escape(record.request().trigger()))
          .append("</td><td>").append(escape(record.request().reason())).append("</td></tr>");
    }
    html.append("</table>");
  }

  private static void events(StringBuilder html, List<HealthReport.ContainerEvent> events, long reconnects) {
    html.append("<h2>Container events</h2><p class=\"muted\">Event stream reconnects: ").append(reconnects).append("</p>");
    if (events.isEmpty()) {
      return;
    }
    html.append("<table id=\"events\"><tr><th>time</th><th>service</th><th>event</th><th>detail</th></tr>");
    for (HealthReport.ContainerEvent event : events) {
      html.append("<tr><td>").append(time(event.time())).append("</td><td>").append(escape(event.service()))
          .append("</td><td>").append(escape(event.action())).append("</td><td>").append(escape(event.detail()))
          .append("</td></tr>");
    }
    html.append("</table>");
  }

  private static String time(Instant time) {
    return time == null ? "" : TIME.format(time);
  }

  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
