package dev.deployer.infrastructure.compose;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command string into words the way Compose does (go-shellwords without variable or
 * backtick expansion): blanks separate words, single quotes are literal, double quotes group,
 * and a backslash outside single quotes takes the next character literally.
 */
final class ShellWords {

  private ShellWords() {}

  /** Returns null when a quote or escape is left open. */
  static List<String> split(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    boolean single = false;
    boolean dbl = false;
    boolean escaped = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (escaped) {
        word.append(c);
        escaped = false;
        inWord = true;
      } else if (c == '\\' && !single) {
        escaped = true;
      } else if (Character.isWhitespace(c) && !single && !dbl) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else if (c == '\'' && !dbl) {
        single = !single;
        inWord = true;
      } else if (c == '"' && !single) {
        dbl = !dbl;
        inWord = true;
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (single || dbl || escaped) {
      return null;
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
