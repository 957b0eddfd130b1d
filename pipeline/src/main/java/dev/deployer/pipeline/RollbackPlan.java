package dev.deployer.pipeline;

import dev.deployer.rollback.BackupManifest;
import dev.deployer.rollback.Release;
import dev.deployer.rollback.RollbackReport;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a rollback will do, shown before it does it: from which release to which, what changes per
 * service, and with {@code --restore-data} which backup is restored and how many rows are lost.
 *
 * @param from the release running now (null if the ledger knows none)
 * @param backup the pre-deploy backup to restore; null unless restoring data
 * @param currentRows rows per table in the live database now (empty if unknown)
 * @param allowNewerSchema start the target even on a schema migrated past it (operator's decision)
 */
public record RollbackPlan(
    String environment,
    Release from,
    Release to,
    Map<String, RollbackReport.ServiceChange> changes,
    boolean restoreData,
    BackupManifest backup,
    Map<String, Long> currentRows,
    boolean allowNewerSchema) {

  public RollbackPlan {
    changes = Map.copyOf(changes);
    currentRows = Map.copyOf(currentRows);
  }

  /** The same plan, letting the target start on a schema migrated past it (the migrations only added). */
  public RollbackPlan allowingNewerSchema() {
    return new RollbackPlan(environment, from, to, changes, restoreData, backup, currentRows, true);
  }

  /** Rows that exist now and are not in the backup, per table: what a restore loses. */
  public Map<String, Long> rowsLost() {
    if (backup == null || backup.database() == null || backup.database().rowCounts() == null) {
      return Map.of();
    }
    Map<String, Long> lost = new TreeMap<>();
    currentRows.forEach((table, now) -> {
      long before = backup.database().rowCounts().getOrDefault(table, 0L);
      if (now > before) {
        lost.put(table, now - before);
      }
    });
    return lost;
  }

  /** The plan as lines for the operator. */
  public List<String> describe() {
    List<String> lines = new java.util.ArrayList<>();
    lines.add("rollback " + environment + ": " + (from == null ? "(unknown)" : from.id() + " (" + from.status().label() + ")")
        + " -> " + to.id() + " (verified " + to.created() + " by " + to.user() + ")");
    changes.forEach((service, change) -> {
      boolean imageChanges = !java.util.Objects.equals(change.fromImageId(), change.toImageId());
      lines.add(String.format("  %-8s %s%s%s", service,
          imageChanges ? shortRef(change.fromImage()) + " -> " + shortRef(change.toImage()) : "image unchanged",
          change.configChanged() ? ", configuration changes" : "",
          !change.changes() ? "" : change.keptContainer() ? "; back to its kept container" : "; a new container"));
    });
    if (!restoreData) {
      lines.add("  data: kept; the database volume is not touched");
    } else {
      lines.add("  data: restored from backup " + backup.release() + " taken " + backup.created()
          + " (" + backup.database().totalRows() + " rows)");
      Map<String, Long> lost = rowsLost();
      if (lost.isEmpty()) {
        lines.add("  rows lost: none counted (rows changed since the backup still revert)");
      } else {
        long total = lost.values().stream().mapToLong(Long::longValue).sum();
        lines.add("  rows lost: " + total + " written since the backup will be lost:");
        lost.forEach((table, rows) -> lines.add("    " + table + ": " + rows + " rows ("
            + currentRows.get(table) + " now, " + backup.database().rowCounts().getOrDefault(table, 0L) + " in the backup)"));
      }
    }
    return lines;
  }

  private static String shortRef(String reference) {
    return reference == null ? "(none)" : reference;
  }
}
