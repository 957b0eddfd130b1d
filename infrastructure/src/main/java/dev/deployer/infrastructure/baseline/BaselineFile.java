package dev.deployer.infrastructure.baseline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads and writes a {@link Baseline} as YAML. Keys are written in a fixed order and services by
 * name, and measurements are rounded, so a re-capture of an unchanged stack diffs only in its
 * measurements and capture time.
 */
public final class BaselineFile {

  private static final String HEADER = """
      # The baseline other environments are verified against: `deployer verify --env staging`
      # compares the running stack with this file, through the environment's own ports and thresholds.
      # Written by `deployer baseline capture --env local`; review a re-capture like code.
      """;

  private BaselineFile() {}

  public static void write(Baseline baseline, Path file) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setIndicatorIndent(0);
    options.setWidth(200);
    options.setSplitLines(false);
    String text = HEADER + new Yaml(options).dump(toMap(baseline));
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path temporary = Files.createTempFile(parent, ".baseline", ".tmp");
      Files.writeString(temporary, text);
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new BaselineException("cannot write baseline " + file + ": " + e.getMessage(), e);
    }
  }

  public static Baseline read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new BaselineException("cannot read baseline " + file + ": " + e.getMessage(), e);
    }
    Object root;
    try {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    } catch (YAMLException e) {
      throw new BaselineException(file + ": not valid YAML: " + e.getMessage(), e);
    }
    try {
      return fromMap(new Node(root, ""));
    } catch (BaselineException e) {
      throw new BaselineException(file + ": " + e.getMessage(), e);
    }
  }

  static Map<String, Object> toMap(Baseline baseline) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("version", baseline.version());
    Baseline.Captured captured = baseline.captured();
    root.put("captured", ordered("environment", captured.environment(), "project", captured.project(),
        "time", captured.time(), "release", captured.release()));
    Map<String, Object> services = new LinkedHashMap<>();
    baseline.services().forEach((name, service) -> services.put(name, service(service)));
    root.put("services", services);
    Baseline.Performance p = baseline.performance();
    if (p != null) {
      root.put("performance", ordered("service", p.service(), "path", p.path(), "concurrency", p.concurrency(),
          "requests", p.requests(), "errors", p.errors(), "p50_ms", round(p.p50Millis()), "p95_ms", round(p.p95Millis()),
          "p99_ms", round(p.p99Millis()), "throughput_per_s", round(p.throughputPerSecond())));
      if (!p.routes().isEmpty()) {
        @SuppressWarnings("unchecked")
        Map<String, Object> performance = (Map<String, Object>) root.get("performance");
        performance.put("rate_per_s", round(p.rate()));
        List<Object> routes = new ArrayList<>();
        for (Baseline.Route r : p.routes()) {
          routes.add(ordered("name", r.name(), "method", r.method(), "path", r.path(), "requests", r.requests(),
              "errors", r.errors(), "p50_ms", round(r.p50Millis()), "p95_ms", round(r.p95Millis()),
              "p99_ms", round(r.p99Millis()), "throughput_per_s", round(r.throughputPerSecond())));
        }
        performance.put("routes", routes);
      }
    }
    return root;
  }

  private static Map<String, Object> service(Baseline.ServiceBaseline service) {
    Map<String, Object> map = new LinkedHashMap<>();
    Baseline.ImageBaseline image = service.image();
    if (image != null) {
      map.put("image", ordered("reference", image.reference(), "id", image.id(), "user", image.user(),
          "entrypoint", image.entrypoint(), "exposed_ports", image.exposedPorts()));
    }
    if (service.healthcheck() != null) {
      map.put("healthcheck", service.healthcheck());
    }
    List<Object> ports = new ArrayList<>();
    for (Baseline.Port port : service.ports()) {
      ports.add(ordered("container", port.container(), "protocol", port.protocol(), "host_ip", port.hostIp(),
          "published", port.published()));
    }
    map.put("ports", ports);
    List<Object> health = new ArrayList<>();
    for (Baseline.Health endpoint : service.health()) {
      health.add(ordered("path", endpoint.path(), "status", endpoint.status(), "body_status", endpoint.bodyStatus(),
          "components", endpoint.components()));
    }
    map.put("health", health);
    Baseline.Resources r = service.resources();
    if (r != null) {
      map.put("resources", ordered("cpu_percent", round(r.cpuPercent()), "memory_mib", r.memoryMib()));
    }
    Baseline.Security s = service.security();
    if (s != null) {
      map.put("security", ordered("user", s.user(), "runs_as_root", s.runsAsRoot(), "privileged", s.privileged(),
          "docker_socket", s.dockerSocket(), "cpu_limit", round(s.cpuLimit()), "memory_limit_mib", s.memoryLimitMib()));
    }
    return map;
  }

  static Baseline fromMap(Node root) {
    int version = root.get("version").integer();
    if (version != Baseline.VERSION) {
      throw new BaselineException("version: " + version + " is not supported; expected " + Baseline.VERSION);
    }
    Node captured = root.get("captured");
    Map<String, Baseline.ServiceBaseline> services = new LinkedHashMap<>();
    for (Map.Entry<String, Node> service : root.get("services").entries().entrySet()) {
      services.put(service.getKey(), service(service.getValue()));
    }
    Baseline.Performance performance = null;
    Node p = root.optional("performance");
    if (p != null) {
      List<Baseline.Route> routes = new ArrayList<>();
      Node listed = p.optional("routes");
      for (Node r : listed == null ? List.<Node>of() : listed.items()) {
        routes.add(new Baseline.Route(r.get("name").text(), r.get("method").text(), r.get("path").text(),
            r.get("requests").integer(), r.get("errors").integer(), r.get("p50_ms").number(), r.get("p95_ms").number(),
            r.get("p99_ms").number(), r.get("throughput_per_s").number()));
      }
      Node rate = p.optional("rate_per_s");
      performance = new Baseline.Performance(p.get("service").text(), p.get("path").text(),
          p.get("concurrency").integer(), p.get("requests").integer(), p.get("errors").integer(),
          p.get("p50_ms").number(), p.get("p95_ms").number(), p.get("p99_ms").number(),
          p.get("throughput_per_s").number(), rate == null ? 0 : rate.number(), routes);
    }
    return new Baseline(version, new Baseline.Captured(captured.get("environment").text(),
        captured.get("project").text(), captured.get("time").text(), captured.get("release").text()),
        services, performance);
  }

  private static Baseline.ServiceBaseline service(Node node) {
    Node i = node.optional("image");
    Baseline.ImageBaseline image = i == null ? null : new Baseline.ImageBaseline(i.get("reference").text(),
        i.get("id").text(), i.get("user").text(), i.get("entrypoint").texts(), i.get("exposed_ports").texts());
    Node healthcheck = node.optional("healthcheck");
    List<Baseline.Port> ports = new ArrayList<>();
    for (Node port : node.get("ports").items()) {
      ports.add(new Baseline.Port(port.get("container").integer(), port.get("protocol").text(),
          port.get("host_ip").text(), port.get("published").integer()));
    }
    List<Baseline.Health> health = new ArrayList<>();
    for (Node endpoint : node.get("health").items()) {
      health.add(new Baseline.Health(endpoint.get("path").text(), endpoint.get("status").integer(),
          endpoint.get("body_status").text(), endpoint.get("components").texts()));
    }
    Node r = node.optional("resources");
    Node s = node.optional("security");
    return new Baseline.ServiceBaseline(image, healthcheck == null ? null : healthcheck.texts(), ports, health,
        r == null ? null : new Baseline.Resources(r.get("cpu_percent").number(), r.get("memory_mib").integer()),
        s == null ? null : new Baseline.Security(s.get("user").text(), s.get("runs_as_root").bool(),
            s.get("privileged").bool(), s.get("docker_socket").bool(), s.get("cpu_limit").number(),
            s.get("memory_limit_mib").integer()));
  }

  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
