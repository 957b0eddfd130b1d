package dev.deployer.pipeline;

import dev.deployer.infrastructure.check.CheckResult;
import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.event.DeployEvent;
import dev.deployer.infrastructure.event.EventSink;
import dev.deployer.infrastructure.check.Redaction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The secret values of one run: values of variables whose names contain PASSWORD, SECRET, TOKEN
 * or KEY, from the process environment, the environment's compose variables and every service's
 * environment. Reports, JUnit XML, console lines, step records and ledger notes are all scrubbed
 * with this one set.
 */
public final class Secrets {

  /** Shorter values would mask ordinary words; {@link Redaction#scrub} draws the same line. */
  private static final int MIN_LENGTH = 4;

  public static final Secrets NONE = new Secrets(Map.of());

  /** Secret name (made unique when two sources give one name different values) to value. */
  private final Map<String, String> values;
  /** The values, longest first, so a secret that contains another is masked whole. */
  private final List<String> ordered;

  private Secrets(Map<String, String> values) {
    this.values = Map.copyOf(values);
    this.ordered = this.values.values().stream().distinct()
        .sorted(Comparator.comparingInt(String::length).reversed()).toList();
  }

  /** The secrets among {@code sources}, in order; a later source adds to an earlier one, it never hides it. */
  @SafeVarargs
  public static Secrets of(Map<String, String>... sources) {
    Map<String, String> secrets = new LinkedHashMap<>();
    for (Map<String, String> source : sources) {
      source.forEach((name, value) -> {
        if (name != null && value != null && value.length() >= MIN_LENGTH && Redaction.isSecret(name)
            && !secrets.containsValue(value)) {
          String key = name;
          for (int n = 2; secrets.containsKey(key); n++) {
            key = name + "#" + n;
          }
          secrets.put(key, value);
        }
      });
    }
    return new Secrets(secrets);
  }

  /** The run's set: the process environment, and once the stack is loaded its variables and services' environments. */
  static Secrets of(DeployContext context) {
    List<Map<String, String>> sources = new ArrayList<>();
    sources.add(context.request().processEnvironment());
    if (context.isLoaded()) {
      sources.add(context.config().composeVariables());
      for (ComposeService service : context.project().services().values()) {
        sources.add(service.environment());
      }
    }
    @SuppressWarnings("unchecked")
    Map<String, String>[] array = sources.toArray(new Map[0]);
    return of(array);
  }

  /** Secret name to value, for code that takes a map (backups mask saved logs with it). */
  public Map<String, String> asMap() {
    return values;
  }

  public String scrub(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String result = text;
    for (String value : ordered) {
      result = result.replace(value, Redaction.MASK);
    }
    return result;
  }

  /** The stack trace of {@code failure} as printStackTrace writes it, scrubbed; null for none. */
  public String stackTrace(Throwable failure) {
    if (failure == null) {
      return null;
    }
    java.io.StringWriter trace = new java.io.StringWriter();
    failure.printStackTrace(new java.io.PrintWriter(trace));
    return scrub(trace.toString());
  }

  public List<String> scrub(List<String> lines) {
    return lines.stream().map(this::scrub).toList();
  }

  public CheckResult scrub(CheckResult check) {
    return new CheckResult(scrub(check.name()), check.category(), check.verdict(), scrub(check.expected()),
        scrub(check.actual()), check.duration(), check.time());
  }

  public Pipeline.StepRecord scrub(Pipeline.StepRecord record) {
    return new Pipeline.StepRecord(record.name(), record.status(), record.duration(), scrub(record.message()));
  }

  /** Variables for a report: secret-named ones masked, and any other that embeds a secret scrubbed. */
  public Map<String, String> redact(Map<String, String> variables) {
    Map<String, String> result = new java.util.TreeMap<>();
    Redaction.redact(variables).forEach((name, value) -> result.put(name, scrub(value)));
    return result;
  }

  /** An event sink that passes every event on with the secrets known at that moment masked. */
  static EventSink scrubbing(EventSink delegate, java.util.function.Supplier<Secrets> secrets) {
    return event -> {
      Secrets current = secrets.get();
      delegate.emit(new DeployEvent(event.time(), event.kind(), event.step(), current.scrub(event.message()),
          event.duration()));
    };
  }
}
