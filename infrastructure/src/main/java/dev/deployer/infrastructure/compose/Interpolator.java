package dev.deployer.infrastructure.compose;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Compose variable interpolation: {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-default}},
 * {@code ${VAR-default}}, {@code ${VAR:?error}}, {@code ${VAR?error}}, {@code ${VAR:+alt}},
 * {@code ${VAR+alt}}, nesting inside the word after the operator, and {@code $$} for a literal
 * dollar. A {@code $} before whitespace is kept; followed by anything else it is an error, as in
 * Compose, so that a forgotten escape is reported instead of silently passed on.
 *
 * <p>Unlike compose-go, the word after the operator is only evaluated when it is used (as in a
 * shell): {@code ${A:-${B:?}}} does not fail when A is set.
 */
final class Interpolator {

  /** Why a value cannot be interpolated; the caller adds file, line and key. */
  static final class InterpolationException extends Exception {
    InterpolationException(String message) {
      super(message);
    }
  }

  private final Function<String, String> lookup;
  private final Consumer<String> unsetWarning;

  /**
   * @param lookup returns a variable's value, or null when it is unset
   * @param unsetWarning told the name of each unset variable used without a default
   */
  Interpolator(Function<String, String> lookup, Consumer<String> unsetWarning) {
    this.lookup = lookup;
    this.unsetWarning = unsetWarning;
  }

  String interpolate(String template) throws InterpolationException {
    StringBuilder out = new StringBuilder(template.length());
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c != '$') {
        out.append(c);
        i++;
        continue;
      }
      char next = i + 1 < template.length() ? template.charAt(i + 1) : '\0';
      if (next == '$') {
        out.append('$');
        i += 2;
      } else if (Character.isWhitespace(next)) {
        // compose-go keeps a lone "$" before a space ("costs $ 5"): nothing there to interpolate.
        out.append('$');
        i++;
      } else if (next == '{') {
        int close = closingBrace(template, i);
        if (close < 0) {
          throw invalid(template);
        }
        out.append(braced(template.substring(i + 2, close), template));
        i = close + 1;
      } else if (isNameStart(next)) {
        int end = nameEnd(template, i + 1);
        out.append(valueOrBlank(template.substring(i + 1, end)));
        i = end;
      } else {
        throw invalid(template);
      }
    }
    return out.toString();
  }

  private String braced(String expression, String template) throws InterpolationException {
    if (expression.isEmpty() || !isNameStart(expression.charAt(0))) {
      throw invalid(template);
    }
    int nameEnd = nameEnd(expression, 0);
    String name = expression.substring(0, nameEnd);
    if (nameEnd == expression.length()) {
      return valueOrBlank(name);
    }
    boolean colon = expression.charAt(nameEnd) == ':';
    int opAt = colon ? nameEnd + 1 : nameEnd;
    if (opAt >= expression.length() || "-?+".indexOf(expression.charAt(opAt)) < 0) {
      throw invalid(template);
    }
    char op = expression.charAt(opAt);
    String word = expression.substring(opAt + 1);
    String value = lookup.apply(name);
    boolean present = value != null && (!colon || !value.isEmpty());
    switch (op) {
      case '-':
        return present ? value : interpolate(word);
      case '+':
        return present ? interpolate(word) : (value == null ? "" : value);
      default:
        if (!present) {
          String message = interpolate(word);
          throw new InterpolationException(
              "required variable " + name + " is missing a value"
                  + (message.isEmpty() ? "" : ": " + message));
        }
        return value;
    }
  }

  private String valueOrBlank(String name) {
    String value = lookup.apply(name);
    if (value == null) {
      unsetWarning.accept(name);
      return "";
    }
    return value;
  }

  /**
   * Index of the brace closing the {@code ${} at {@code start}, counting every brace opened
   * inside, so a default may hold braces: {@code ${X:-{"a":1}}}.
   */
  private static int closingBrace(String s, int start) {
    int depth = 0;
    for (int i = start + 1; i < s.length(); i++) {
      if (s.charAt(i) == '{') {
        depth++;
      } else if (s.charAt(i) == '}') {
        depth--;
        if (depth == 0) {
          return i;
        }
      }
    }
    return -1;
  }

  private static boolean isNameStart(char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static int nameEnd(String s, int from) {
    int i = from;
    while (i < s.length() && (isNameStart(s.charAt(i)) || isDigit(s.charAt(i)))) {
      i++;
    }
    return i;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static InterpolationException invalid(String template) {
    return new InterpolationException(
        "invalid interpolation format in \"" + template
            + "\"; you may need to escape any $ with another $");
  }
}
