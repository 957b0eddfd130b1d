package dev.deployer.cli;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * The one duration syntax of the command line: {@code 500ms}, {@code 15s}, {@code 5m}, {@code 2h},
 * {@code 1d}, or several ({@code 1m30s}). A bare number is in the unit the option took before it
 * accepted durations (seconds for {@code --wait-timeout}, minutes for {@code --ttl}), so old
 * scripts keep working.
 */
final class Durations {

  private static final Pattern WHOLE = Pattern.compile("(\\d+(ms|s|m|h|d))+");
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  private static final Pattern BARE = Pattern.compile("\\d+");

  private Durations() {}

  static String format(Duration duration) {
    if (duration == null) {
      return "-";
    }
    long millis = duration.toMillis();
    return millis < 1000 ? millis + " ms" : String.format("%.1f s", millis / 1000.0);
  }

  /** {@code value} as a positive duration; a bare number counts in {@code bareUnit}. */
  static Duration parse(String value, ChronoUnit bareUnit) {
    String text = value.trim();
    Duration duration;
    if (BARE.matcher(text).matches()) {
      duration = Duration.of(Long.parseLong(text), bareUnit);
    } else if (WHOLE.matcher(text).matches()) {
      duration = Duration.ZERO;
      Matcher part = PART.matcher(text);
      while (part.find()) {
        long amount = Long.parseLong(part.group(1));
        duration = duration.plus(switch (part.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          default -> Duration.ofDays(amount);
        });
      }
    } else {
      throw new CommandLine.TypeConversionException("'" + value + "' is not a duration like 500ms, 15s, 5m or 1h30m");
    }
    if (duration.isZero()) {
      throw new CommandLine.TypeConversionException("'" + value + "': the duration must be more than zero");
    }
    return duration;
  }

  /** For options whose bare numbers were seconds. */
  static final class Seconds implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return parse(value, ChronoUnit.SECONDS);
    }
  }

  /** For options whose bare numbers were milliseconds. */
  static final class Millis implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return parse(value, ChronoUnit.MILLIS);
    }
  }

  /** For options whose bare numbers were minutes. */
  static final class Minutes implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return parse(value, ChronoUnit.MINUTES);
    }
  }
}
