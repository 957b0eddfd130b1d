package dev.deployer.pipeline;

import dev.deployer.infrastructure.check.CheckResult;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.compose.KeyPlaces;
import dev.deployer.infrastructure.compose.ServiceOptions;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.engine.ContainerSpec;
import dev.deployer.infrastructure.engine.EngineUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Whether a cgroup v1 engine can give the services the real-time CPU budget they ask for
 * ({@code cpu_rt_runtime}, {@code cpu_rt_period}). The engine's API does not say (a dockerd without
 * {@code --cpu-rt-runtime} has no budget to hand out, and runc refuses the container only when it
 * starts), so a throwaway container with exactly those settings is created and started, once per
 * distinct setting, and removed whatever happens. Its entrypoint is a path no image has: runc applies
 * the cgroup settings before it looks for the program, so the start fails either way, and the
 * engine's error says which: a cgroup error (refused) or the program not found (the settings held).
 * Probes carry {@link #LABEL}; one left behind by a crash is removed by the next check.
 */
final class RealTimeProbe {

  /** The label of every probe container (value {@link #KIND}), and the project it probed for. */
  static final String LABEL = "dev.deployer.probe";
  static final String KIND = "cpu-rt";
  static final String PROJECT_LABEL = "dev.deployer.probe.project";

  /** A program no image has: the probe never runs anything. */
  static final String ENTRYPOINT = "/deployer-probe-runs-nothing";

  private static final String EXPECTED = "honoured by the single-host target";

  /** What the probe found out of one setting. */
  enum Outcome { APPLIED, REFUSED, UNKNOWN }

  /** The real-time settings of a service: microseconds, null when not set. */
  record Setting(Long runtime, Long period) {

    String describe() {
      List<String> parts = new ArrayList<>();
      if (runtime != null) {
        parts.add("cpu_rt_runtime " + runtime + " µs");
      }
      if (period != null) {
        parts.add("cpu_rt_period " + period + " µs");
      }
      return String.join(", ", parts);
    }
  }

  private RealTimeProbe() {}

  /**
   * One result per distinct setting of the project's services (none when no service sets a
   * real-time value above 0): a failure per key for a setting the engine refused, naming file,
   * line and key and quoting the engine. {@code images} are the deployer's own images a probe may
   * use when a service's image is not on the engine.
   */
  static List<CheckResult> check(ContainerEngine engine, ComposeProject project, List<String> images,
      String category) {
    Map<Setting, List<ComposeService>> settings = new LinkedHashMap<>();
    for (ComposeService service : project.services().values()) {
      ServiceOptions.Extended e = service.options().extended();
      if (positive(e.cpuRtRuntime()) || positive(e.cpuRtPeriod())) {
        settings.computeIfAbsent(new Setting(e.cpuRtRuntime(), e.cpuRtPeriod()), s -> new ArrayList<>()).add(service);
      }
    }
    if (settings.isEmpty()) {
      return List.of();
    }
    removeLeftovers(engine);
    List<CheckResult> results = new ArrayList<>();
    for (Map.Entry<Setting, List<ComposeService>> entry : settings.entrySet()) {
      results.addAll(probe(engine, project, entry.getKey(), entry.getValue(), images, category));
    }
    return results;
  }

  private static List<CheckResult> probe(ContainerEngine engine, ComposeProject project, Setting setting,
      List<ComposeService> services, List<String> ownImages, String category) {
    String names = String.join(", ", services.stream().map(ComposeService::name).toList());
    String name = "real-time CPU " + names;
    List<String> candidates = new ArrayList<>();
    services.stream().map(ComposeService::image).filter(i -> i != null).forEach(candidates::add);
    candidates.addAll(ownImages);
    String image = candidates.stream().filter(i -> engine.imageId(i).isPresent()).findFirst().orElse(null);
    if (image == null) {
      return List.of(result(name, CheckResult.Verdict.WARN, category, "cannot probe " + setting.describe()
          + ": none of " + candidates + " is on the engine; the engine may still refuse the container when it"
          + " starts"));
    }
    String id = null;
    Outcome outcome;
    String reason;
    try {
      id = engine.createContainer(spec(project.name(), setting, image));
      engine.startContainer(id);
      outcome = Outcome.APPLIED;
      reason = "a container with them started";
    } catch (EngineUnavailableException e) {
      throw e;
    } catch (RuntimeException e) {
      String said = engineReason(e);
      // A refusal at create is the engine's own check of the values (runtime above period...).
      outcome = id == null ? Outcome.REFUSED : classify(said);
      reason = switch (outcome) {
        case APPLIED -> "the cgroup settings held: runc went on to look for the probe's program, which no image has: "
            + said;
        case REFUSED -> id == null ? "the engine refused to create a container with them: " + said
            : "a probe container with them was refused as it started: " + said + "; give dockerd a real-time budget"
                + " (--cpu-rt-runtime) large enough for it, or drop the key";
        default -> said;
      };
    } finally {
      if (id != null) {
        remove(engine, id);
      }
    }
    return switch (outcome) {
      case APPLIED -> List.of(result(name, CheckResult.Verdict.PASS, category, "the engine applies "
          + setting.describe() + " (" + reason + ")"));
      case UNKNOWN -> List.of(result(name, CheckResult.Verdict.WARN, category, "cannot tell whether the engine"
          + " applies " + setting.describe() + ": a probe container with them did not start: " + reason));
      case REFUSED -> refusals(project, services, setting, reason, category);
    };
  }

  /**
   * REFUSED when runc could not apply the cgroup settings, APPLIED when it got as far as looking for
   * the program (so the settings held), UNKNOWN for anything else the engine says.
   */
  static Outcome classify(String engineError) {
    String text = engineError.toLowerCase(Locale.ROOT);
    if (text.contains("cgroup") || text.contains("cpu.rt_")) {
      return Outcome.REFUSED;
    }
    if (text.contains("exec: \"") || text.contains("executable file not found")
        || text.contains("no such file or directory")) {
      return Outcome.APPLIED;
    }
    return Outcome.UNKNOWN;
  }

  private static List<CheckResult> refusals(ComposeProject project, List<ComposeService> services, Setting setting,
      String reason, String category) {
    List<CheckResult> results = new ArrayList<>();
    String why = "not supported on the single-host target: the engine cannot give a container " + setting.describe()
        + ": " + reason;
    for (ComposeService service : services) {
      for (String key : List.of("cpu_rt_runtime", "cpu_rt_period")) {
        List<KeyPlaces.Key> places = project.places().find(service.name(), key);
        Long value = key.equals("cpu_rt_runtime") ? setting.runtime() : setting.period();
        if (!places.isEmpty()) {
          places.forEach(p -> results.add(fail("compose key " + p.place().key(), category, p.place().describe(why))));
        } else if (value != null) {
          String path = "services." + service.name() + "." + key;
          results.add(fail("compose key " + path, category, path + ": " + why));
        }
      }
    }
    return results;
  }

  private static ContainerSpec spec(String project, Setting setting, String image) {
    ContainerSpec.Extended extended = new ContainerSpec.Extended(false, false, null, List.of(), setting.runtime(),
        setting.period(), Map.of(), Map.of());
    return new ContainerSpec("deployer-probe-" + UUID.randomUUID().toString().substring(0, 12), image,
        List.of(ENTRYPOINT), List.of(), Map.of(), Map.of(LABEL, KIND, PROJECT_LABEL, project), List.of(), List.of(),
        List.of(ContainerSpec.Network.NONE), null, null, null, null,
        ContainerSpec.Options.NONE.withExtended(extended));
  }

  /** Probes a crash left behind (the check removes its own in any case). */
  private static void removeLeftovers(ContainerEngine engine) {
    for (ContainerInfo leftover : engine.containers(Map.of(LABEL, KIND))) {
      remove(engine, leftover.id());
    }
  }

  private static void remove(ContainerEngine engine, String id) {
    try {
      engine.removeContainer(id);
    } catch (EngineUnavailableException e) {
      throw e;
    } catch (RuntimeException e) {
      // labelled: the next check removes it
    }
  }

  /**
   * The engine's own words: docker-java says "Status 500: {"message":"..."}", with the engine's
   * text JSON-escaped.
   */
  static String engineReason(RuntimeException e) {
    String text = String.valueOf(e.getMessage()).strip();
    int start = text.indexOf("{\"message\":\"");
    if (start < 0) {
      return text;
    }
    String message = text.substring(start + "{\"message\":\"".length());
    int end = message.lastIndexOf("\"}");
    if (end >= 0) {
      message = message.substring(0, end);
    }
    return message.replace("\\\"", "\"").replace("\\\\", "\\").strip();
  }

  private static boolean positive(Long value) {
    return value != null && value > 0;
  }

  private static CheckResult fail(String name, String category, String actual) {
    return result(name, CheckResult.Verdict.FAIL, category, actual);
  }

  private static CheckResult result(String name, CheckResult.Verdict verdict, String category, String actual) {
    return new CheckResult(name, category, verdict, EXPECTED, actual, Duration.ZERO, Instant.now());
  }
}
