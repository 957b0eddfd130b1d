package dev.deployer.rollback;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads what a plain-format pg_dump holds without restoring it: rows per table (the lines of
 * each {@code COPY ... FROM stdin} block) and the Flyway schema version. Counting the dump itself,
 * not the live database, makes the manifest agree exactly with what a restore brings back.
 */
public final class DumpInspector {

  private DumpInspector() {}

  /** Rows per table and the highest successful Flyway version (null without a schema history). */
  public record Contents(Map<String, Long> rowCounts, String flywayVersion) {}

  public static Contents inspect(Path dump) {
    Map<String, Long> counts = new TreeMap<>();
    List<String> versions = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(dump, StandardCharsets.UTF_8)) {
      String table = null;
      int versionColumn = -1;
      int successColumn = -1;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (table == null) {
          if (line.startsWith("COPY ") && line.endsWith(" FROM stdin;")) {
            int open = line.indexOf(" (");
            table = unquote(line.substring(5, open > 0 ? open : line.length() - " FROM stdin;".length()));
            counts.put(table, 0L);
            versionColumn = -1;
            successColumn = -1;
            if (table.endsWith("flyway_schema_history") && open > 0) {
              List<String> columns = Arrays.stream(line.substring(open + 2, line.lastIndexOf(')')).split(","))
                  .map(String::trim).map(DumpInspector::unquote).toList();
              versionColumn = columns.indexOf("version");
              successColumn = columns.indexOf("success");
            }
          }
        } else if (line.equals("\\.")) {
          table = null;
        } else {
          counts.merge(table, 1L, Long::sum);
          if (versionColumn >= 0) {
            String[] fields = line.split("\t", -1);
            boolean success = successColumn < 0 || (successColumn < fields.length && fields[successColumn].equals("t"));
            if (success && versionColumn < fields.length && !fields[versionColumn].equals("\\N")) {
              versions.add(fields[versionColumn]);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the dump " + dump, e);
    }
    String flyway = versions.stream().max(FlywayVersion.ORDER).orElse(null);
    return new Contents(counts, flyway);
  }

  private static String unquote(String name) {
    return name.replace("\"", "");
  }
}
