package dev.deployer.monitor;

import dev.deployer.infrastructure.check.CheckResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/** Per check: counters and the last {@code capacity} samples. Only the known checks, so it is bounded. */
final class CheckHistory {

  private final int capacity;
  private final Map<String, Entry> entries = new LinkedHashMap<>();

  private static final class Entry {
    final MonitoredCheck check;
    final RingBuffer<HealthReport.Sample> samples;
    long runs;
    long failures;
    long totalMillis;
    long maxMillis;
    CheckResult last;

    Entry(MonitoredCheck check, int capacity) {
      this.check = check;
      this.samples = new RingBuffer<>(capacity);
    }
  }

  CheckHistory(List<MonitoredCheck> checks, int capacity) {
    this.capacity = capacity;
    checks.forEach(check -> entries.put(check.name(), new Entry(check, capacity)));
  }

  synchronized void add(CheckResult result) {
    Entry entry = entries.get(result.name());
    if (entry == null) {
      return;
    }
    long millis = result.duration() == null ? 0 : result.duration().toMillis();
    entry.samples.add(new HealthReport.Sample(result.time(), millis, result.verdict().name()));
    entry.runs++;
    entry.failures += result.failed() ? 1 : 0;
    entry.totalMillis += millis;
    entry.maxMillis = Math.max(entry.maxMillis, millis);
    entry.last = result;
  }

  /** True once every check has run and none failed its last run. */
  synchronized boolean healthy() {
    return entries.values().stream().allMatch(entry -> entry.last != null && !entry.last.failed());
  }

  synchronized boolean anyRun() {
    return entries.values().stream().anyMatch(entry -> entry.last != null);
  }

  synchronized List<HealthReport.CheckSummary> summaries(ToIntFunction<String> consecutiveFailures) {
    List<HealthReport.CheckSummary> result = new ArrayList<>();
    for (Entry entry : entries.values()) {
      CheckResult last = entry.last;
      result.add(new HealthReport.CheckSummary(entry.check.name(), entry.check.level(),
          entry.check.schedule().name().toLowerCase(), entry.runs, entry.failures,
          consecutiveFailures.applyAsInt(entry.check.name()),
          last == null ? "NOT RUN" : last.verdict().name(), last == null ? "" : last.expected(),
          last == null ? "" : last.actual(), last == null ? null : last.time(),
          entry.runs == 0 ? 0 : entry.totalMillis / entry.runs, entry.maxMillis));
    }
    return result;
  }

  synchronized Map<String, List<HealthReport.Sample>> samples() {
    Map<String, List<HealthReport.Sample>> result = new LinkedHashMap<>();
    entries.forEach((name, entry) -> result.put(name, entry.samples.snapshot()));
    return result;
  }

  int capacity() {
    return capacity;
  }
}
