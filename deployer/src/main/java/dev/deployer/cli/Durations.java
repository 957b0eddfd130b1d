package dev.deployer.cli;

import java.time.Duration;

final class Durations {

  private Durations() {}

  static String format(Duration duration) {
    if (duration == null) {
      return "-";
    }
    long millis = duration.toMillis();
    return millis < 1000 ? millis + " ms" : String.format("%.1f s", millis / 1000.0);
  }
}
