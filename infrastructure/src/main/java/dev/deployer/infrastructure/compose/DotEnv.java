package dev.deployer.infrastructure.compose;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Parses {@code .env} and {@code env_file} files as Compose does: {@code KEY=value} lines,
 * optional {@code export}, {@code #} comments, single quotes (literal), double quotes (escapes
 * and interpolation, may span lines), unquoted values (interpolated, trailing {@code " #..."}
 * comment removed). A bare {@code KEY} takes its value from the lookup, or is skipped.
 */
public final class DotEnv {

  /** One {@code KEY=value} or bare {@code KEY} entry: its name and the text it spans, from its first line to its last. */
  private record Entry(String name, int start, int end) {}

  private final String file;
  private final String text;
  private final Function<String, String> outerLookup;
  private final boolean interpolating;
  private final Map<String, String> values = new LinkedHashMap<>();
  private final List<Entry> entries = new ArrayList<>();
  private int pos;
  private int line = 1;

  private DotEnv(String file, String text, Function<String, String> outerLookup, boolean interpolating) {
    this.file = file;
    this.text = text;
    this.outerLookup = outerLookup;
    this.interpolating = interpolating;
  }

  /**
   * The variables of a {@code .env} file as the loader reads them.
   *
   * @param outerLookup variables visible to interpolation before the file's own (null = unset)
   */
  public static Map<String, String> read(Path file, Function<String, String> outerLookup) throws ComposeException {
    return parse(file.toString(), ComposeFiles.read(file, file.toString()), outerLookup);
  }

  /**
   * {@code text} without the entries of the variables {@code dropped} accepts, each with all its
   * lines (a quoted value's continuation lines too); the rest as it is, byte for byte. Values are
   * not interpolated, so nothing outside the file is needed.
   */
  public static String without(String file, String text, Predicate<String> dropped) throws ComposeException {
    DotEnv parser = new DotEnv(file, text, name -> null, false);
    parser.parseAll();
    StringBuilder kept = new StringBuilder(text.length());
    int from = 0;
    for (Entry entry : parser.entries) {
      if (dropped.test(entry.name())) {
        kept.append(text, from, entry.start());
        from = entry.end();
      }
    }
    return kept.append(text, from, text.length()).toString();
  }

  /**
   * @param outerLookup variables visible to interpolation before the file's own (null = unset)
   */
  static Map<String, String> parse(String file, String text, Function<String, String> outerLookup)
      throws ComposeException {
    DotEnv parser = new DotEnv(file, text, outerLookup, true);
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
      int start = pos;
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
      } else {
        values.put(key, value(entry.substring(eq + 1).stripLeading(), startLine));
      }
      entries.add(new Entry(key, start, pos));
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
    if (!interpolating || value.indexOf('$') < 0) {
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
