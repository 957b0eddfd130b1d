package dev.deployer.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Help.Ansi;

/**
 * Rows of text in aligned columns, the last one left ragged. Cells may carry picocli's
 * {@code @|style text|@} markup: widths are measured on the plain text, and the markup is
 * rendered or dropped by the command line's {@link Ansi}, so piped output has no escape codes.
 */
final class Table {

  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();
  /** Lines printed as they are after a row, keyed by that row's index. */
  private final Map<Integer, List<String>> notes = new HashMap<>();
  private String indent = "";

  Table(String... headers) {
    this.headers = List.of(headers);
  }

  Table indent(String prefix) {
    this.indent = prefix;
    return this;
  }

  Table row(Object... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException(cells.length + " cells for " + headers.size() + " columns");
    }
    List<String> row = new ArrayList<>();
    for (Object cell : cells) {
      row.add(cell == null ? "-" : String.valueOf(cell));
    }
    rows.add(row);
    return this;
  }

  /** A line under the last row, outside the columns (its details). */
  Table note(String line) {
    notes.computeIfAbsent(rows.size() - 1, row -> new ArrayList<>()).add(line);
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  void print(PrintWriter out, Ansi ansi) {
    int[] widths = new int[headers.size()];
    List<List<String>> all = new ArrayList<>();
    all.add(headers);
    all.addAll(rows);
    for (List<String> row : all) {
      for (int column = 0; column < row.size(); column++) {
        widths[column] = Math.max(widths[column], plain(row.get(column)).length());
      }
    }
    for (int index = 0; index < all.size(); index++) {
      List<String> row = all.get(index);
      StringBuilder line = new StringBuilder(indent);
      for (int column = 0; column < row.size(); column++) {
        String cell = row.get(column);
        line.append(ansi.string(cell));
        if (column < row.size() - 1) {
          line.append(" ".repeat(widths[column] - plain(cell).length() + 2));
        }
      }
      out.println(line.toString().stripTrailing());
      notes.getOrDefault(index - 1, List.of()).forEach(note -> out.println(ansi.string(note)));
    }
  }

  private static String plain(String cell) {
    return Ansi.OFF.string(cell);
  }
}
