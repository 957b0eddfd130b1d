package dev.deployer.monitor;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Inline SVG charts for the health page: latency per check, outcomes per check, the alert timeline. */
final class HealthCharts {

  static final String[] PALETTE = {"#1f77b4", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22",
      "#7f7f7f", "#393b79", "#637939", "#8c6d31", "#843c39"};
  static final String PASS = "#2e7d32";
  static final String WARN = "#f9a825";
  static final String FAIL = "#c62828";
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final int WIDTH = 960;
  private static final int LEFT = 190;
  private static final int RIGHT = 20;
  private static final int MAX_POINTS = 300;

  private final long from;
  private final long to;

  HealthCharts(Instant from, Instant to) {
    this.from = from.toEpochMilli();
    this.to = Math.max(to.toEpochMilli(), this.from + 1000);
  }

  /** One line per check: latency in ms over time. */
  String latency(Map<String, List<HealthReport.Sample>> samples) {
    int top = 20;
    int bottom = 250;
    int height = bottom + 40 + 14 * ((samples.size() + 3) / 4);
    long max = samples.values().stream().flatMap(List::stream).mapToLong(HealthReport.Sample::millis).max().orElse(0);
    long scale = niceCeiling(Math.max(max, 10));
    StringBuilder svg = open("latency-chart", height, "Check latency in milliseconds over time");
    for (int i = 0; i <= 4; i++) {
      double y = bottom - (bottom - top) * i / 4.0;
      svg.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>"
          + "<text class=\"axis\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d ms</text>", LEFT, y, WIDTH - RIGHT, y,
          LEFT - 6, y + 4, scale * i / 4));
    }
    timeAxis(svg, bottom);
    int series = 0;
    for (Map.Entry<String, List<HealthReport.Sample>> entry : samples.entrySet()) {
      List<HealthReport.Sample> points = thin(entry.getValue());
      if (points.isEmpty()) {
        continue;
      }
      String color = PALETTE[series % PALETTE.length];
      StringBuilder coordinates = new StringBuilder();
      for (HealthReport.Sample sample : points) {
        coordinates.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(sample.time()),
            bottom - (bottom - top) * (double) Math.min(sample.millis(), scale) / scale));
      }
      String name = HealthPage.escape(entry.getKey());
      svg.append("<polyline class=\"series\" data-check=\"").append(name).append("\" data-points=\"")
          .append(points.size()).append("\" stroke=\"").append(color).append("\" points=\"")
          .append(coordinates.toString().trim()).append("\"><title>").append(name).append("</title></polyline>");
      if (points.size() == 1) {
        String[] xy = coordinates.toString().trim().split(",");
        svg.append("<circle r=\"3\" fill=\"").append(color).append("\" cx=\"").append(xy[0]).append("\" cy=\"")
            .append(xy[1]).append("\"/>");
      }
      int legendX = LEFT + (series % 4) * 190;
      int legendY = bottom + 40 + 14 * (series / 4);
      svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"8\" fill=\"%s\"/>"
          + "<text class=\"legend\" x=\"%d\" y=\"%d\">%s</text>", legendX, legendY - 8, color, legendX + 14, legendY,
          name));
      series++;
    }
    return svg.append("</svg>").toString();
  }

  /** One row per check, one mark per run (the worst verdict when runs are bunched), green, amber or red. */
  String outcomes(Map<String, List<HealthReport.Sample>> samples) {
    int row = 16;
    int top = 10;
    int height = top + row * Math.max(1, samples.size()) + 30;
    int bottom = height - 30;
    StringBuilder svg = open("outcome-chart", height, "Check outcomes over time");
    int index = 0;
    double plot = WIDTH - LEFT - RIGHT;
    for (Map.Entry<String, List<HealthReport.Sample>> entry : samples.entrySet()) {
      int y = top + row * index++;
      svg.append(String.format(Locale.ROOT, "<text class=\"axis\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
          LEFT - 6, y + 11, HealthPage.escape(entry.getKey())));
      int buckets = 240;
      String[] worst = new String[buckets];
      for (HealthReport.Sample sample : entry.getValue()) {
        int bucket = (int) Math.min(buckets - 1, Math.max(0, (x(sample.time()) - LEFT) / plot * buckets));
        worst[bucket] = worse(worst[bucket], sample.verdict());
      }
      for (int b = 0; b < buckets; b++) {
        if (worst[b] != null) {
          svg.append(String.format(Locale.ROOT, "<rect class=\"outcome %s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\""
              + " height=\"%d\" fill=\"%s\"/>", worst[b].toLowerCase(Locale.ROOT), LEFT + plot * b / buckets, y + 2,
              plot / buckets + 0.3, row - 4, color(worst[b])));
        }
      }
    }
    timeAxis(svg, bottom);
    return svg.append("</svg>").toString();
  }

  /** Alerts on the time axis, one lane per severity; resolved notices in green. */
  String alertTimeline(List<Alert> alerts) {
    int height = 110;
    StringBuilder svg = open("alert-timeline", height, "Alerts over time");
    String[] lanes = {"CRITICAL", "WARNING", "INFO"};
    for (int i = 0; i < lanes.length; i++) {
      int y = 20 + 22 * i;
      svg.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>"
          + "<text class=\"axis\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", LEFT, y, WIDTH - RIGHT, y,
          LEFT - 6, y + 4, lanes[i].toLowerCase(Locale.ROOT)));
    }
    for (Alert alert : alerts) {
      int y = 20 + 22 * alert.severity().ordinal();
      String fill = alert.kind() == Alert.Kind.RESOLVED ? PASS
          : alert.severity() == Severity.CRITICAL ? FAIL : alert.severity() == Severity.WARNING ? WARN : "#607d8b";
      svg.append(String.format(Locale.ROOT, "<circle class=\"alert %s\" cx=\"%.1f\" cy=\"%d\" r=\"5\" fill=\"%s\">"
          + "<title>%s</title></circle>", alert.kind().name().toLowerCase(Locale.ROOT), x(alert.time()), y, fill,
          HealthPage.escape(alert.line())));
    }
    timeAxis(svg, 80);
    return svg.append("</svg>").toString();
  }

  private StringBuilder open(String id, int height, String title) {
    return new StringBuilder(String.format(Locale.ROOT, "<svg id=\"%s\" class=\"chart\""
        + " width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\"><title>%s</title>", id, WIDTH, height, WIDTH,
        height, title));
  }

  private void timeAxis(StringBuilder svg, int y) {
    svg.append(String.format(Locale.ROOT, "<line class=\"axis-line\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", LEFT, y,
        WIDTH - RIGHT, y));
    for (int i = 0; i <= 4; i++) {
      long time = from + (to - from) * i / 4;
      double x = LEFT + (WIDTH - LEFT - RIGHT) * i / 4.0;
      String anchor = i == 0 ? "start" : i == 4 ? "end" : "middle";
      svg.append(String.format(Locale.ROOT, "<text class=\"axis\" x=\"%.1f\" y=\"%d\" text-anchor=\"%s\">%s</text>",
          x, y + 16, anchor, CLOCK.format(Instant.ofEpochMilli(time))));
    }
  }

  private double x(Instant time) {
    double share = (double) (Math.min(Math.max(time.toEpochMilli(), from), to) - from) / (to - from);
    return LEFT + (WIDTH - LEFT - RIGHT) * share;
  }

  /** At most {@value #MAX_POINTS} points: each the slowest of its run of samples, so spikes stay visible. */
  private static List<HealthReport.Sample> thin(List<HealthReport.Sample> samples) {
    if (samples.size() <= MAX_POINTS) {
      return samples;
    }
    List<HealthReport.Sample> result = new ArrayList<>();
    double step = (double) samples.size() / MAX_POINTS;
    for (int i = 0; i < MAX_POINTS; i++) {
      List<HealthReport.Sample> run = samples.subList((int) (i * step), (int) Math.min(samples.size(), (i + 1) * step));
      run.stream().max((a, b) -> Long.compare(a.millis(), b.millis())).ifPresent(result::add);
    }
    return result;
  }

  private static String worse(String a, String b) {
    if (a == null) {
      return b;
    }
    return rank(b) > rank(a) ? b : a;
  }

  private static int rank(String verdict) {
    return switch (verdict) {
      case "FAIL" -> 2;
      case "WARN" -> 1;
      default -> 0;
    };
  }

  private static String color(String verdict) {
    return switch (verdict) {
      case "FAIL" -> FAIL;
      case "WARN" -> WARN;
      default -> PASS;
    };
  }

  static long niceCeiling(long value) {
    long magnitude = 1;
    while (magnitude * 10 <= value) {
      magnitude *= 10;
    }
    for (long factor : new long[] {1, 2, 5, 10}) {
      if (magnitude * factor >= value) {
        return magnitude * factor;
      }
    }
    return magnitude * 10;
  }
}
