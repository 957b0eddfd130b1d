package dev.deployer.infrastructure.compose;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations in Go's notation, which Compose uses: {@code 1m30s}, {@code 500ms}, {@code 1h2m3s}. */
final class GoDuration {

  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
  private static final Map<String, Long> NANOS =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "µs", 1_000L,
          "μs", 1_000L,
          "ms", 1_000_000L,
          "s", 1_000_000_000L,
          "m", 60_000_000_000L,
          "h", 3_600_000_000_000L);

  private GoDuration() {}

  /** Parses a duration; returns null when the text is not one (a sign is not allowed). */
  static Duration parse(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = PART.matcher(text);
    BigDecimal total = BigDecimal.ZERO;
    int at = 0;
    while (at < text.length()) {
      if (!m.find(at) || m.start() != at) {
        return null;
      }
      BigDecimal amount = new BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1));
      total = total.add(amount.multiply(BigDecimal.valueOf(NANOS.get(m.group(2)))));
      at = m.end();
    }
    return Duration.ofNanos(total.longValue());
  }

  /** Formats like Go's {@code time.Duration.String()}: 90s → "1m30s", 1h → "1h0m0s". */
  static String format(Duration duration) {
    long nanos = duration.toNanos();
    if (nanos == 0) {
      return "0s";
    }
    String sign = nanos < 0 ? "-" : "";
    long n = Math.abs(nanos);
    if (n < 1_000L) {
      return sign + n + "ns";
    }
    if (n < 1_000_000L) {
      return sign + fraction(n, 1_000L) + "µs";
    }
    if (n < 1_000_000_000L) {
      return sign + fraction(n, 1_000_000L) + "ms";
    }
    long hours = n / 3_600_000_000_000L;
    long minutes = n % 3_600_000_000_000L / 60_000_000_000L;
    String seconds = fraction(n % 60_000_000_000L, 1_000_000_000L) + "s";
    if (hours > 0) {
      return sign + hours + "h" + minutes + "m" + seconds;
    }
    if (minutes > 0) {
      return sign + minutes + "m" + seconds;
    }
    return sign + seconds;
  }

  private static String fraction(long value, long unit) {
    return BigDecimal.valueOf(value).divide(BigDecimal.valueOf(unit)).stripTrailingZeros().toPlainString();
  }
}
