package dev.deployer.infrastructure.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * An environment's {@code proxy} section: whether an HAProxy edge owns the host ports of the
 * stateless services, which run as a blue and a green container, and how traffic moves from the
 * running color to the new one (rollout steps, the analysis between them, the drain). Every key
 * is optional; {@link #DEFAULT} holds the defaults.
 *
 * @param services the services routed through the edge, in the file's order
 * @param keepPrevious how long the previous color stays warm after a switch, for a fast rollback
 * @param rollout the new color's traffic share after each step, in percent, increasing and ending at 100
 * @param pause how long each rollout step lasts before the next
 * @param drain how long in-flight requests may take to finish on the old color
 * @param stopPrevious routed services whose old color is stopped after the switch, not kept running:
 *     those that work without being asked (a queue's consumers), which must not go on as the old release
 * @param quiet how those services are kept warm instead: signals that make them stop taking work
 *     and take it again while their process runs; {@link Quiet#NONE} stops and restarts them
 * @param places where the file names each service, for {@link #requireServices}; empty for defaults
 */
public record ProxySettings(boolean enabled, String image, List<String> services, Duration keepPrevious,
    List<Integer> rollout, Duration pause, Analysis analysis, Duration drain, List<String> stopPrevious, Quiet quiet,
    Path file, Map<String, Publishing.Place> places) {

  public static final ProxySettings DEFAULT = new ProxySettings(false, "haproxy:2.6", List.of("api", "worker"),
      Duration.ofMinutes(10), List.of(100), Duration.ofSeconds(30), Analysis.DEFAULT, Duration.ofSeconds(5), List.of(),
      Quiet.NONE, null, Map.of());

  public ProxySettings {
    services = List.copyOf(services);
    rollout = List.copyOf(rollout);
    stopPrevious = List.copyOf(stopPrevious);
    places = Map.copyOf(places);
  }

  /**
   * What the new color must show at each rollout step, from the edge's counters, or traffic goes
   * back to the old one.
   *
   * @param maxErrorPercent the highest share of 5xx answers
   * @param maxResponseTime the highest average response time
   * @param maxSlowdownPercent how much slower than the old color, on average, the new one may be
   */
  public record Analysis(double maxErrorPercent, Duration maxResponseTime, double maxSlowdownPercent) {

    public static final Analysis DEFAULT = new Analysis(1, Duration.ofMillis(1000), 50);
  }

  /**
   * The signals that quiet a {@code stop_previous} service's old color (it finishes what it holds,
   * takes no new work, and its process runs on, warm) and resume it, as the service's program
   * defines them (the scheduler's worker: SIGTSTP and SIGCONT, Sidekiq's convention). A program
   * that does not handle them ignores them: in a container it runs as process 1.
   */
  public record Quiet(String signal, String resume) {

    public static final Quiet NONE = new Quiet(null, null);

    /** The names {@code docker kill --signal} takes, with their SIG prefix. */
    static final List<String> SIGNALS = List.of("SIGHUP", "SIGINT", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGTERM",
        "SIGCONT", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGWINCH", "SIGURG", "SIGPWR");

    public boolean enabled() {
      return signal != null;
    }
  }

  public boolean routes(String service) {
    return enabled && services.contains(service);
  }

  /**
   * Fails, naming the file, line and key, when a listed service is not one of {@code known} (the
   * Compose file's services).
   */
  public void requireServices(Collection<String> known) throws ConfigException {
    for (String service : services) {
      if (!known.contains(service)) {
        Publishing.Place place = places.get(service);
        throw new ConfigException(file, place == null ? 0 : place.line(), place == null ? "proxy.services"
            : place.key(), "unknown service '" + service + "' (the Compose file has " + new TreeSet<>(known) + ")");
      }
    }
  }

  /** Reads the optional {@code proxy} section of an environment's merged section. */
  static ProxySettings read(Path file, ConfigNode root) throws ConfigException {
    Optional<ConfigNode> section = root.optional("proxy");
    if (section.isEmpty()) {
      return DEFAULT;
    }
    ConfigNode node = section.get().allowOnly("enabled", "image", "services", "keep_previous", "rollout", "pause",
        "analysis", "drain", "stop_previous", "quiet");
    ProxySettings d = DEFAULT;
    boolean enabled = node.optional("enabled").isPresent() ? node.child("enabled").bool() : d.enabled();
    String image = d.image();
    if (node.optional("image").isPresent()) {
      image = node.child("image").text().trim();
      if (image.isEmpty()) {
        throw node.child("image").error("must name an image");
      }
    }
    List<String> services = d.services();
    Map<String, Publishing.Place> places = new LinkedHashMap<>();
    if (node.optional("services").isPresent()) {
      services = new ArrayList<>();
      for (ConfigNode item : node.child("services").items()) {
        String service = item.text().trim();
        if (service.isEmpty()) {
          throw item.error("expected a service name");
        }
        if (places.containsKey(service)) {
          throw item.error("service '" + service + "' is listed twice");
        }
        services.add(service);
        places.put(service, new Publishing.Place(item.path(), item.node().getStartMark().getLine() + 1));
      }
    }
    List<Integer> rollout = node.optional("rollout").isPresent() ? rollout(node.child("rollout")) : d.rollout();
    List<String> stopPrevious = new ArrayList<>();
    if (node.optional("stop_previous").isPresent()) {
      for (ConfigNode item : node.child("stop_previous").items()) {
        String service = item.text().trim();
        if (service.isEmpty()) {
          throw item.error("expected a service name");
        }
        // One that is not routed in this environment has no previous color: nothing to stop.
        stopPrevious.add(service);
      }
    }
    return new ProxySettings(enabled, image, services, duration(node, "keep_previous", d.keepPrevious()), rollout,
        duration(node, "pause", d.pause()), analysis(node.optional("analysis")), duration(node, "drain", d.drain()),
        stopPrevious, quiet(node.optional("quiet")), file, places);
  }

  private static Quiet quiet(Optional<ConfigNode> section) throws ConfigException {
    if (section.isEmpty()) {
      return Quiet.NONE;
    }
    // `quiet: false` turns off, for one environment, the quiet an environment it merges over sets.
    if (section.get().node() instanceof org.yaml.snakeyaml.nodes.ScalarNode) {
      if (section.get().bool()) {
        throw section.get().error("`true` names no signals; give {signal: ..., resume: ...}, or false to stop"
            + " the services instead");
      }
      return Quiet.NONE;
    }
    ConfigNode node = section.get().allowOnly("signal", "resume");
    if (node.optional("signal").isEmpty() || node.optional("resume").isEmpty()) {
      throw section.get().error("needs both `signal` (stop taking work) and `resume` (take it again)");
    }
    String signal = signal(node.child("signal"));
    String resume = signal(node.child("resume"));
    if (signal.equals(resume)) {
      throw node.child("resume").error("must differ from `signal` (" + signal + ")");
    }
    return new Quiet(signal, resume);
  }

  /** A signal's name, SIG prefix optional (TSTP, SIGTSTP); SIGKILL and SIGSTOP cannot be handled, so they are refused. */
  private static String signal(ConfigNode node) throws ConfigException {
    String text = node.text().trim().toUpperCase(java.util.Locale.ROOT);
    String name = text.startsWith("SIG") ? text : "SIG" + text;
    if (!Quiet.SIGNALS.contains(name)) {
      throw node.error("'" + node.text().trim() + "' is not a signal a program can handle; one of "
          + String.join(", ", Quiet.SIGNALS));
    }
    return name;
  }

  private static List<Integer> rollout(ConfigNode node) throws ConfigException {
    List<ConfigNode> items = node.items();
    if (items.isEmpty()) {
      throw node.error("expected at least one step, the last 100");
    }
    List<Integer> steps = new ArrayList<>();
    for (ConfigNode item : items) {
      int percent = item.integer(1, 100);
      if (!steps.isEmpty() && percent <= steps.get(steps.size() - 1)) {
        throw item.error("steps must increase, " + percent + " follows " + steps.get(steps.size() - 1));
      }
      steps.add(percent);
    }
    if (steps.get(steps.size() - 1) != 100) {
      throw items.get(items.size() - 1).error("the last step must be 100, was " + steps.get(steps.size() - 1));
    }
    return steps;
  }

  private static Analysis analysis(Optional<ConfigNode> section) throws ConfigException {
    Analysis d = Analysis.DEFAULT;
    if (section.isEmpty()) {
      return d;
    }
    ConfigNode node = section.get().allowOnly("max_error_percent", "max_response_time", "max_slowdown_percent");
    double errors = node.optional("max_error_percent").isPresent()
        ? node.child("max_error_percent").number(0, 100) : d.maxErrorPercent();
    Duration responseTime = duration(node, "max_response_time", d.maxResponseTime());
    if (responseTime.isZero()) {
      throw node.child("max_response_time").error("must be longer than zero");
    }
    double slowdown = node.optional("max_slowdown_percent").isPresent()
        ? node.child("max_slowdown_percent").number(0, 10_000) : d.maxSlowdownPercent();
    return new Analysis(errors, responseTime, slowdown);
  }

  private static Duration duration(ConfigNode node, String key, Duration fallback) throws ConfigException {
    return node.optional(key).isPresent() ? node.child(key).duration() : fallback;
  }
}
