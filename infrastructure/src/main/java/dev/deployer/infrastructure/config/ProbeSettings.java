package dev.deployer.infrastructure.config;

import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.compose.ComposeService;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * An environment's {@code probes} section: per service, what proves it works. Its health endpoint
 * and the answer expected there, the application requests the monitor sends, the path that must
 * refuse anonymous callers at security level full and above, and the routes of the performance
 * probe. Every key is optional; a service without a health path here keeps the Compose label
 * {@value #HEALTH_LABEL} as its health path, answered with 200 and {@code status: UP}.
 *
 * @param services per service name, in the file's order
 * @param places where the file names each service, for errors about services the Compose file lacks
 */
public record ProbeSettings(Map<String, Service> services, Path file, Map<String, Publishing.Place> places) {

  /** The Compose label a service may declare its health path with, where the config does not. */
  public static final String HEALTH_LABEL = "dev.deployer.health.path";

  public static final ProbeSettings NONE = new ProbeSettings(Map.of(), null, Map.of());

  private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");

  public ProbeSettings {
    services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
    places = Map.copyOf(places);
  }

  /** What an answer must be: its status, top-level JSON fields (none: any body), a text it contains (null: any). */
  public record Expect(int status, Map<String, String> json, String contains) {

    /** What the health label promises: 200 and a JSON body whose status is UP. */
    public static final Expect UP = new Expect(200, Map.of("status", "UP"), null);

    public Expect {
      json = Collections.unmodifiableMap(new LinkedHashMap<>(json));
    }
  }

  /**
   * A service's health endpoint. {@code liveness} (null: none) is a second endpoint that must
   * answer 200; {@code components} (null: none) lists the service's dependencies Spring-style
   * ({@code {"components": {"db": {"status": "UP"}}}}), of which {@code dependencies} must be UP.
   */
  public record Health(String path, Expect expect, String liveness, String components, List<String> dependencies) {
    public Health {
      dependencies = List.copyOf(dependencies);
    }
  }

  /** Credentials the probes send: header {@code header} with the value of the config variable {@code variable}. */
  public record Auth(String header, String variable) {}

  /** One request and the answer it must get; {@code body} (null: none) is sent as JSON. */
  public record Request(String name, String method, String path, String body, Expect expect) {}

  /**
   * A record the performance probe creates before it starts, so that routes can read it (its id
   * replaces {@code {name}} in later paths and bodies), and deletes when it is done ({@code delete},
   * where {@code {id}} is its id).
   */
  public record Fixture(String name, String method, String path, String body, String idField, String delete) {}

  /**
   * One route of the performance probe's mix: its share of the requests is {@code weight} over the
   * sum of weights. A route that creates ({@code delete} set) deletes each record it made right
   * after, unmeasured, with {@code {id}} the record's id from the answer's {@code idField}.
   */
  public record Route(String name, String method, String path, String body, int weight, String delete,
      String idField) {}

  /** The performance probe: {@code rate} requests per second over the routes, after the fixtures are made. */
  public record Performance(double rate, List<Fixture> fixtures, List<Route> routes) {
    public Performance {
      fixtures = List.copyOf(fixtures);
      routes = List.copyOf(routes);
    }
  }

  /** One service's probes; every part may be absent (null, empty). */
  public record Service(Health health, Auth auth, String protectedPath, List<Request> checks,
      Performance performance) {
    public Service {
      checks = List.copyOf(checks);
    }
  }

  public Optional<Service> service(String name) {
    return Optional.ofNullable(services.get(name));
  }

  /** The service's health endpoint: the config's, else the Compose label's answered with {@link Expect#UP}. */
  public Optional<Health> health(ComposeService service) {
    Service probes = services.get(service.name());
    if (probes != null && probes.health() != null) {
      return Optional.of(probes.health());
    }
    String label = service.labels().get(HEALTH_LABEL);
    return label == null ? Optional.empty() : Optional.of(new Health(label, Expect.UP, null, null, List.of()));
  }

  /** The headers a service's probes send: its auth header when the variable has a value in {@code variables}. */
  public Map<String, String> headers(String service, Map<String, String> variables) {
    Service probes = services.get(service);
    if (probes == null || probes.auth() == null) {
      return Map.of();
    }
    String value = variables.getOrDefault(probes.auth().variable(), "");
    return value.isEmpty() ? Map.of() : Map.of(probes.auth().header(), value);
  }

  /** The service the performance probe loads, if the config names one. */
  public Optional<String> performanceService() {
    return services.entrySet().stream().filter(e -> e.getValue().performance() != null).map(Map.Entry::getKey)
        .findFirst();
  }

  /** The services whose API must refuse anonymous callers (they declare a protected path). */
  public Set<String> protectedServices() {
    Set<String> result = new TreeSet<>();
    services.forEach((name, probes) -> {
      if (probes.protectedPath() != null) {
        result.add(name);
      }
    });
    return result;
  }

  /**
   * The project with each configured health path set as the service's {@value #HEALTH_LABEL}
   * label, so every step that asks a service's health (the wait, the edge, the swarm health
   * checks) and the container itself carry it. A service named here that the Compose file lacks
   * is an error naming the file, line and key.
   */
  public ComposeProject apply(ComposeProject project) throws ConfigException {
    for (Map.Entry<String, Publishing.Place> entry : places.entrySet()) {
      if (!project.services().containsKey(entry.getKey())) {
        throw new ConfigException(file, entry.getValue().line(), entry.getValue().key(), "unknown service '"
            + entry.getKey() + "' (the Compose file has " + new TreeSet<>(project.services().keySet()) + ")");
      }
    }
    if (services.values().stream().allMatch(s -> s.health() == null)) {
      return project;
    }
    Map<String, ComposeService> result = new LinkedHashMap<>();
    for (ComposeService s : project.services().values()) {
      Service probes = services.get(s.name());
      if (probes == null || probes.health() == null) {
        result.put(s.name(), s);
        continue;
      }
      Map<String, String> labels = new LinkedHashMap<>(s.labels());
      labels.put(HEALTH_LABEL, probes.health().path());
      result.put(s.name(), new ComposeService(s.name(), s.image(), s.build(), s.command(), s.entrypoint(),
          s.environment(), s.ports(), s.volumes(), s.networks(), s.dependsOn(), s.healthcheck(), s.restart(), labels,
          s.limits(), s.profiles(), s.deploy(), s.options()));
    }
    return new ComposeProject(project.name(), project.workingDir(), project.configFiles(), result, project.volumes(),
        project.networks(), project.places(), project.secrets(), project.configs());
  }

  /** Reads the optional {@code probes} section of an environment's merged section. */
  static ProbeSettings read(Path file, ConfigNode root) throws ConfigException {
    Optional<ConfigNode> section = root.optional("probes");
    if (section.isEmpty()) {
      return NONE;
    }
    Map<String, Service> services = new LinkedHashMap<>();
    Map<String, Publishing.Place> places = new LinkedHashMap<>();
    ConfigNode performanceAt = null;
    // An unknown service is reported on the line that names it, not on its first setting's.
    Map<String, Integer> keyLines = new LinkedHashMap<>();
    if (section.get().node() instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode key) {
          keyLines.put(key.getValue(), key.getStartMark().getLine() + 1);
        }
      }
    }
    for (Map.Entry<String, ConfigNode> entry : section.get().entries().entrySet()) {
      ConfigNode node = entry.getValue().allowOnly("health", "auth", "protected_path", "checks", "performance");
      Service service = new Service(
          node.optional("health").isPresent() ? health(node.child("health")) : null,
          node.optional("auth").isPresent() ? auth(node.child("auth")) : null,
          node.optional("protected_path").isPresent() ? path(node.child("protected_path")) : null,
          node.optional("checks").isPresent() ? checks(node.child("checks")) : List.of(),
          node.optional("performance").isPresent() ? performance(node.child("performance")) : null);
      if (service.performance() != null) {
        if (performanceAt != null) {
          throw node.child("performance").error("only one service has a performance probe; "
              + performanceAt.path() + " is one already");
        }
        performanceAt = node.child("performance");
      }
      services.put(entry.getKey(), service);
      places.put(entry.getKey(), new Publishing.Place(node.path(), keyLines.getOrDefault(entry.getKey(),
          node.node().getStartMark().getLine() + 1)));
    }
    return new ProbeSettings(services, file, places);
  }

  private static Health health(ConfigNode node) throws ConfigException {
    node.allowOnly("path", "status", "json", "contains", "liveness", "components", "dependencies");
    List<String> dependencies = new ArrayList<>();
    if (node.optional("dependencies").isPresent()) {
      for (ConfigNode item : node.child("dependencies").items()) {
        dependencies.add(name(item));
      }
    }
    return new Health(path(node.child("path")), expect(node, 200),
        node.optional("liveness").isPresent() ? path(node.child("liveness")) : null,
        node.optional("components").isPresent() ? path(node.child("components")) : null, dependencies);
  }

  private static Auth auth(ConfigNode node) throws ConfigException {
    node.allowOnly("header", "variable");
    String header = node.child("header").text().trim();
    if (!header.matches("[A-Za-z0-9-]+")) {
      throw node.child("header").error("expected an HTTP header name, was '" + header + "'");
    }
    String variable = node.child("variable").text().trim();
    if (!variable.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw node.child("variable").error("not a valid variable name");
    }
    return new Auth(header, variable);
  }

  private static List<Request> checks(ConfigNode node) throws ConfigException {
    List<Request> checks = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (ConfigNode item : node.items()) {
      item.allowOnly("name", "method", "path", "body", "status", "json", "contains");
      Request request = new Request(name(item.child("name")), method(item, "GET"), path(item.child("path")),
          optionalText(item, "body"), expect(item, 200));
      if (!names.add(request.name())) {
        throw item.child("name").error("check '" + request.name() + "' is named twice");
      }
      checks.add(request);
    }
    return checks;
  }

  private static Performance performance(ConfigNode node) throws ConfigException {
    node.allowOnly("rate", "fixtures", "routes");
    double rate = node.optional("rate").isPresent() ? node.child("rate").number(0.1, 1000) : 40;
    List<Fixture> fixtures = new ArrayList<>();
    Set<String> names = new HashSet<>();
    if (node.optional("fixtures").isPresent()) {
      for (ConfigNode item : node.child("fixtures").items()) {
        item.allowOnly("name", "method", "path", "body", "id_field", "delete");
        String name = name(item.child("name"));
        if (!name.matches("[a-z][a-z0-9_]*")) {
          throw item.child("name").error("a fixture's name is used as {" + name + "} in paths: lowercase letters,"
              + " digits and '_'");
        }
        if (!names.add(name)) {
          throw item.child("name").error("fixture '" + name + "' is named twice");
        }
        fixtures.add(new Fixture(name, method(item, "POST"), path(item.child("path")), optionalText(item, "body"),
            idField(item), path(item.child("delete"))));
      }
    }
    List<Route> routes = new ArrayList<>();
    Set<String> routeNames = new HashSet<>();
    for (ConfigNode item : node.child("routes").items()) {
      item.allowOnly("name", "method", "path", "body", "weight", "delete", "id_field");
      String name = name(item.child("name"));
      if (!routeNames.add(name)) {
        throw item.child("name").error("route '" + name + "' is named twice");
      }
      String method = method(item, "GET");
      String delete = item.optional("delete").isPresent() ? path(item.child("delete")) : null;
      if (delete == null && !method.equals("GET") && !method.equals("HEAD")) {
        // The probe must leave the data as it found it.
        throw item.child("method").error(method + " changes data: set `delete`, the path that removes what it made");
      }
      routes.add(new Route(name, method, path(item.child("path")), optionalText(item, "body"),
          item.optional("weight").isPresent() ? item.child("weight").integer(1, 100) : 1, delete, idField(item)));
    }
    if (routes.isEmpty()) {
      throw node.child("routes").error("expected at least one route");
    }
    return new Performance(rate, fixtures, routes);
  }

  private static Expect expect(ConfigNode node, int defaultStatus) throws ConfigException {
    int status = node.optional("status").isPresent() ? node.child("status").integer(100, 599) : defaultStatus;
    Map<String, String> json = new LinkedHashMap<>();
    if (node.optional("json").isPresent()) {
      for (Map.Entry<String, ConfigNode> field : node.child("json").entries().entrySet()) {
        json.put(field.getKey(), field.getValue().text());
      }
    }
    return new Expect(status, json, optionalText(node, "contains"));
  }

  private static String method(ConfigNode node, String fallback) throws ConfigException {
    if (node.optional("method").isEmpty()) {
      return fallback;
    }
    String method = node.child("method").text().trim().toUpperCase(Locale.ROOT);
    if (!METHODS.contains(method)) {
      throw node.child("method").error("expected one of " + new TreeSet<>(METHODS) + ", was '" + method + "'");
    }
    return method;
  }

  private static String idField(ConfigNode node) throws ConfigException {
    return node.optional("id_field").isPresent() ? name(node.child("id_field")) : "id";
  }

  private static String path(ConfigNode node) throws ConfigException {
    String path = node.text().trim();
    if (!path.startsWith("/")) {
      throw node.error("expected a path starting with '/', was '" + path + "'");
    }
    return path;
  }

  private static String name(ConfigNode node) throws ConfigException {
    String name = node.text().trim();
    if (name.isEmpty()) {
      throw node.error("must not be empty");
    }
    return name;
  }

  private static String optionalText(ConfigNode node, String key) throws ConfigException {
    return node.optional(key).isPresent() ? Objects.requireNonNull(node.child(key).text()) : null;
  }
}
