package dev.deployer.infrastructure.check;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Keeps secret values out of reports and logs. */
public final class Redaction {

  public static final String MASK = "********";

  private Redaction() {}

  /** True for names containing PASSWORD, SECRET, TOKEN or KEY. */
  public static boolean isSecret(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    return upper.contains("PASSWORD") || upper.contains("SECRET") || upper.contains("TOKEN") || upper.contains("KEY");
  }

  public static Map<String, String> redact(Map<String, String> variables) {
    Map<String, String> result = new TreeMap<>();
    variables.forEach((name, value) -> result.put(name, isSecret(name) && value != null && !value.isEmpty() ? MASK : value));
    return result;
  }

  /** Replaces every occurrence of a secret value in free text, such as log lines. */
  public static String scrub(String text, Map<String, String> variables) {
    String result = text;
    for (Map.Entry<String, String> entry : variables.entrySet()) {
      String value = entry.getValue();
      if (isSecret(entry.getKey()) && value != null && value.length() >= 4) {
        result = result.replace(value, MASK);
      }
    }
    return result;
  }
}
