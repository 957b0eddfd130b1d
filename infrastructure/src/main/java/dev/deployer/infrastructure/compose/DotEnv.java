package dev.deployer.infrastructure.compose;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Parses {@code .env} and {@code env_file} files as Compose does: {@code KEY=value} lines,
 * optional {@code export}, {@code #} comments, single quotes (literal), double quotes (escapes
 * and interpolation, may span lines), unquoted values (interpolated, trailing {@code " #..."}
 * comment removed). A bare {@code KEY} takes its value from the lookup, or is skipped.
 */
final class DotEnv {

  private final String file;
  private final String text;
  private final Function<String, String> outerLookup;
  private final Map<String, String> values = new LinkedHashMap<>();
  private int pos;
  private int line = 1;

  private DotEnv(String file, String text, Function<String, String> outerLookup) {
    this.file = file;
    this.text = text;
    this.outerLookup = outerLookup;
  }

  /**
   * @param outerLookup variables visible to interpolation before the file's own (null = unset)
   */
  static Map<String, String> parse(String file, String text, Function<String, String> outerLookup)
      throws ComposeException {
    DotEnv parser = new DotEnv(file, text, outerLookup);
    parser.parseAll();
    return parser.values;
  }

  /** An env_file in {@code format: raw}: {@code KEY=VALUE} lines taken as they are, no quotes or interpolation. */
  static Map<String, String> raw(String text) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : text.split("\r?\n")) {
      int eq = line.indexOf('=');
      if (!line.isBlank() && !line.startsWith("#") && eq > 0) {
        values.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return values;
  }

  private void parseAll() throws ComposeException {
    while (pos < text.length()) {
      int startLine = line;
      String raw = readLine();
      String entry = raw.strip();
      if (entry.isEmpty() || entry.startsWith("#")) {
        continue;
      }
      if (entry.startsWith("export ") || entry.startsWith("export\t")) {
        entry = entry.substring(7).strip();
      }
      int eq = entry.indexOf('=');
      String key = (eq < 0 ? entry : entry.substring(0, eq)).strip();
      if (!key.matches("[A-Za-z_][A-Za-z0-9_.\\-]*")) {
        throw new ComposeException(file, startLine, "", "invalid variable name '" + key + "'");
      }
      if (eq < 0) {
        String inherited = outerLookup.apply(key);
        if (inherited != null) {
          values.put(key, inherited);
        }
        continue;
      }
      values.put(key, value(entry.substring(eq + 1).stripLeading(), startLine));
    }
  }

  private String value(String rest, int startLine) throws ComposeException {
    if (rest.startsWith("'")) {
      return quoted(rest, '\'', startLine);
    }
    if (rest.startsWith("\"")) {
      return interpolate(unescape(quoted(rest, '"', startLine)), startLine);
    }
    int comment = rest.indexOf(" #");
    int tabComment = rest.indexOf("\t#");
    if (tabComment >= 0 && (comment < 0 || tabComment < comment)) {
      comment = tabComment;
    }
    String value = comment >= 0 ? rest.substring(0, comment) : rest;
    return interpolate(value.strip(), startLine);
  }

  /** The text between the opening quote and its closing one, reading further lines if needed. */
  private String quoted(String rest, char quote, int startLine) throws ComposeException {
    StringBuilder body = new StringBuilder(rest.substring(1));
    while (true) {
      int close = closingQuote(body, quote);
      if (close >= 0) {
        return body.substring(0, close);
      }
      if (pos >= text.length()) {
        throw new ComposeException(file, startLine, "", "unterminated quoted value");
      }
      body.append('\n').append(readLine());
    }
  }

  private static int closingQuote(CharSequence s, char quote) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && quote == '"') {
        i++;
      } else if (c == quote) {
        return i;
      }
    }
    return -1;
  }

  private static String unescape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char next = s.charAt(++i);
        switch (next) {
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case '"', '\\' -> out.append(next);
          default -> out.append('\\').append(next);
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private String interpolate(String value, int startLine) throws ComposeException {
    if (value.indexOf('$') < 0) {
      return value;
    }
    Function<String, String> lookup =
        name -> {
          String outer = outerLookup.apply(name);
          return outer != null ? outer : values.get(name);
        };
    try {
      return new Interpolator(lookup, name -> {}).interpolate(value);
    } catch (Interpolator.InterpolationException e) {
      throw new ComposeException(file, startLine, "", e.getMessage());
    }
  }

  private String readLine() {
    int end = text.indexOf('\n', pos);
    String result;
    if (end < 0) {
      result = text.substring(pos);
      pos = text.length();
    } else {
      result = text.substring(pos, end);
      pos = end + 1;
      line++;
    }
    return result.endsWith("\r") ? result.substring(0, result.length() - 1) : result;
  }
}
