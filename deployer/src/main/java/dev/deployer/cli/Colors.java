package dev.deployer.cli;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Help.Ansi;

/**
 * Whether to colour, decided once in {@code main}, and which colour a verdict gets. Commands mark
 * words up with picocli's {@code @|style text|@}; the command line's colour scheme renders the
 * markup, or drops it where colour is off.
 */
final class Colors {

  private static final Set<String> GOOD = Set.of("pass", "passed", "ok", "healthy", "running", "verified",
      "deployed", "free", "unlocked", "completed", "succeeded");
  private static final Set<String> BAD = Set.of("fail", "failed", "unhealthy", "exited", "dead", "restarting",
      "stale", "critical", "error");
  private static final Set<String> WARN = Set.of("warn", "warning", "starting", "created", "deploying",
      "rolled-back", "pending", "held", "paused");

  private Colors() {}

  /**
   * Colour only on a terminal, and never where {@code NO_COLOR} is set to anything (no-color.org)
   * or the terminal says it cannot ({@code TERM=dumb}).
   */
  static Ansi ansi(Map<String, String> environment, boolean terminal) {
    String noColor = environment.get("NO_COLOR");
    if (noColor != null && !noColor.isEmpty() || "dumb".equals(environment.get("TERM")) || !terminal) {
      return Ansi.OFF;
    }
    return Ansi.ON;
  }

  /** {@code word} marked up green, red or yellow by what it says; other words as they are. */
  static String verdict(String word) {
    if (word == null) {
      return "-";
    }
    String key = word.toLowerCase(Locale.ROOT);
    String style = GOOD.contains(key) ? "green" : BAD.contains(key) ? "bold,red" : WARN.contains(key) ? "yellow" : null;
    return style == null ? word : "@|" + style + " " + word + "|@";
  }
}
