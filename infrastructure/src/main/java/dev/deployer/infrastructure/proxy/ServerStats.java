package dev.deployer.infrastructure.proxy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One server's line of the runtime API's {@code show stat}: its state and its counters since the
 * edge started (HAProxy's CSV column in brackets).
 *
 * @param status UP, DOWN, MAINT, DRAIN, NOLB, "MAINT (resolution)", or a transition such as "UP 1/2"
 * @param checkStatus the last check's result, e.g. L7OK, L7STS, L4CON ({@code check_status})
 * @param sessions connections handled ({@code stot})
 * @param hrspOther answers without a valid status ({@code hrsp_other})
 * @param responseTimeMs average response time over the last 1024 requests ({@code rtime})
 * @param queueTimeMs average time in the queue over the last 1024 requests ({@code qtime})
 * @param responseErrors responses aborted or invalid ({@code eresp})
 * @param connectionErrors failed connection attempts ({@code econ})
 * @param retries attempts retried on the same or another server ({@code wretr})
 * @param redispatches attempts moved to another server ({@code wredis})
 */
public record ServerStats(String backend, String server, String status, int weight, String checkStatus,
    long sessions, long hrsp1xx, long hrsp2xx, long hrsp3xx, long hrsp4xx, long hrsp5xx, long hrspOther,
    long responseTimeMs, long queueTimeMs, long responseErrors, long connectionErrors, long retries,
    long redispatches) {

  /** HTTP responses of every class; 0 in tcp mode. */
  public long responses() {
    return hrsp1xx + hrsp2xx + hrsp3xx + hrsp4xx + hrsp5xx + hrspOther;
  }

  /**
   * The server lines of {@code show stat}'s CSV; the frontend and backend lines are left out.
   * Throws {@link IllegalArgumentException} when {@code csv} has no header line or a column is missing.
   */
  static List<ServerStats> parse(String csv) {
    String[] lines = csv.split("\n");
    if (lines.length == 0 || !lines[0].startsWith("# ")) {
      throw new IllegalArgumentException("no CSV header");
    }
    Map<String, Integer> columns = new HashMap<>();
    String[] names = lines[0].substring(2).split(",", -1);
    for (int i = 0; i < names.length; i++) {
      columns.put(names[i].trim(), i);
    }
    List<ServerStats> servers = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      Row row = new Row(columns, lines[i].split(",", -1));
      if (row.number("type") != 2) {
        continue;
      }
      servers.add(new ServerStats(row.text("pxname"), row.text("svname"), row.text("status"),
          (int) row.number("weight"), row.text("check_status"), row.number("stot"), row.number("hrsp_1xx"),
          row.number("hrsp_2xx"), row.number("hrsp_3xx"), row.number("hrsp_4xx"), row.number("hrsp_5xx"),
          row.number("hrsp_other"), row.number("rtime"), row.number("qtime"), row.number("eresp"),
          row.number("econ"), row.number("wretr"), row.number("wredis")));
    }
    return servers;
  }

  private record Row(Map<String, Integer> columns, String[] values) {

    String text(String column) {
      Integer index = columns.get(column);
      if (index == null) {
        throw new IllegalArgumentException("no column " + column);
      }
      return index < values.length ? values[index] : "";
    }

    /** An empty field (a counter that does not apply) is 0. */
    long number(String column) {
      String text = text(column).trim();
      try {
        return text.isEmpty() ? 0 : Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("column " + column + " is not a number: '" + text + "'");
      }
    }
  }
}
