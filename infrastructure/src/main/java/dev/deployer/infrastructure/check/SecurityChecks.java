package dev.deployer.infrastructure.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deployer.infrastructure.config.DeploymentConfig.SecurityLevel;
import dev.deployer.infrastructure.engine.ContainerSettings;
import dev.deployer.infrastructure.engine.ContainerSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The security rules per level. basic: no privileged container, no Docker socket mounted, data
 * stores published on loopback only. full adds: apps run as non-root, no default or empty
 * secrets, the API refuses anonymous callers, apps have CPU and memory limits. maximum adds:
 * only the public services publish ports, every container runs the image the release pinned by
 * id, health answers hide details from anonymous callers.
 */
public final class SecurityChecks {

  private static final String SECURITY = "security";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DEFAULTED = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*):?-([^}]*)}");
  /** Values that are defaults wherever they appear. */
  private static final Set<String> WELL_KNOWN = Set.of("password", "postgres", "changeme", "change-me", "secret",
      "admin", "root", "redis");

  /**
   * What the rules look at. {@code apiUrl} is the public API's base URL and {@code protectedPath}
   * the path there that must refuse anonymous callers (either null: no such check);
   * {@code pinnedImageIds} maps services to the image ids their release pinned (empty: unknown).
   */
  public record Target(
      Supplier<List<ServiceContainer>> services,
      OkHttpClient http,
      String apiUrl,
      String protectedPath,
      List<String> anonymousHealthUrls,
      Set<String> defaultSecrets,
      Set<String> publicServices,
      Map<String, String> pinnedImageIds) {

    public Target {
      anonymousHealthUrls = List.copyOf(anonymousHealthUrls);
      defaultSecrets = Set.copyOf(defaultSecrets);
      publicServices = Set.copyOf(publicServices);
      pinnedImageIds = Map.copyOf(pinnedImageIds);
    }
  }

  private SecurityChecks() {}

  public static List<Check> forLevel(SecurityLevel level, Target target) {
    Supplier<List<ServiceContainer>> services = target.services();
    List<Check> checks = new ArrayList<>();
    checks.add(new RuleCheck("security no privileged container", SECURITY, "no container runs privileged",
        () -> privileged(services.get())));
    checks.add(new RuleCheck("security no docker socket", SECURITY, "no container mounts the Docker socket",
        () -> dockerSocket(services.get())));
    checks.add(new RuleCheck("security data stores on loopback", SECURITY, "data stores published on 127.0.0.1 only",
        () -> dataStoresBeyondLoopback(services.get())));
    if (level == SecurityLevel.BASIC) {
      return checks;
    }
    checks.add(new RuleCheck("security non-root apps", SECURITY, "app containers run as a non-root user",
        () -> rootApps(services.get())));
    checks.add(new RuleCheck("security no default secrets", SECURITY, "no secret variable empty or left at a default",
        () -> defaultSecrets(services.get(), target.defaultSecrets())));
    if (target.apiUrl() != null && target.protectedPath() != null) {
      checks.add(new RuleCheck("security api token required", SECURITY,
          "GET " + target.protectedPath() + " without a token -> 401",
          () -> anonymousAccess(target.http(), target.apiUrl() + target.protectedPath())));
    }
    checks.add(new RuleCheck("security resource limits", SECURITY, "app containers have CPU and memory limits",
        () -> missingLimits(services.get())));
    if (level == SecurityLevel.FULL) {
      return checks;
    }
    checks.add(new RuleCheck("security only public ports", SECURITY, "only " + new TreeSet<>(target.publicServices())
        + " publish ports", () -> unexpectedlyPublished(services.get(), target.publicServices())));
    checks.add(new RuleCheck("security images pinned", SECURITY, "every container runs the image id its release pinned",
        () -> unpinned(services.get(), target.pinnedImageIds())));
    checks.add(new RuleCheck("security health details hidden", SECURITY, "health answers show anonymous callers no details",
        () -> healthDetails(target.http(), target.anonymousHealthUrls())));
    return checks;
  }

  /** Default values of secret variables in the given files' {@code ${NAME:-default}} references, plus well-known ones. */
  public static Set<String> defaultSecretValues(List<String> fileTexts) {
    Set<String> values = new TreeSet<>(WELL_KNOWN);
    for (String text : fileTexts) {
      Matcher matcher = DEFAULTED.matcher(text);
      while (matcher.find()) {
        if (Redaction.isSecret(matcher.group(1)) && !matcher.group(2).isBlank()) {
          values.add(matcher.group(2).trim());
        }
      }
    }
    return values;
  }

  static List<String> privileged(List<ServiceContainer> services) {
    return services.stream().filter(s -> s.settings().privileged()).map(s -> s.service() + " is privileged").toList();
  }

  static List<String> dockerSocket(List<ServiceContainer> services) {
    List<String> found = new ArrayList<>();
    for (ServiceContainer service : services) {
      for (ContainerSettings.Mount mount : service.settings().mounts()) {
        if (mount.source() != null && mount.source().endsWith("docker.sock")) {
          found.add(service.service() + " mounts " + mount.source() + " at " + mount.target());
        }
      }
    }
    return found;
  }

  static List<String> dataStoresBeyondLoopback(List<ServiceContainer> services) {
    List<String> found = new ArrayList<>();
    for (ServiceContainer service : services) {
      if (service.app()) {
        continue;
      }
      for (ContainerSpec.PublishedPort port : service.container().ports()) {
        if (port.hostPort() > 0 && !isLoopback(port.hostIp())) {
          found.add(service.service() + " port " + port.containerPort() + " published on "
              + (port.hostIp().isEmpty() ? "0.0.0.0" : port.hostIp()) + ":" + port.hostPort());
        }
      }
    }
    return found;
  }

  static List<String> rootApps(List<ServiceContainer> services) {
    return services.stream().filter(s -> s.app() && s.runsAsRoot())
        .map(s -> s.service() + " runs as " + (s.effectiveUser().isEmpty() ? "root (no user set)" : s.effectiveUser()))
        .toList();
  }

  static List<String> defaultSecrets(List<ServiceContainer> services, Set<String> defaults) {
    List<String> found = new ArrayList<>();
    for (ServiceContainer service : services) {
      for (String name : new TreeSet<>(service.declaredEnvironment())) {
        if (!Redaction.isSecret(name)) {
          continue;
        }
        String value = service.settings().environment().getOrDefault(name, "");
        if (value.isBlank()) {
          found.add(service.service() + ": " + name + " is empty");
        } else if (defaults.contains(value.trim()) || defaults.contains(value.trim().toLowerCase())) {
          found.add(service.service() + ": " + name + " has a default value");
        }
      }
    }
    return found;
  }

  static List<String> missingLimits(List<ServiceContainer> services) {
    List<String> found = new ArrayList<>();
    for (ServiceContainer service : services) {
      if (!service.app()) {
        continue;
      }
      if (service.settings().nanoCpus() <= 0) {
        found.add(service.service() + " has no CPU limit");
      }
      if (service.settings().memoryBytes() <= 0) {
        found.add(service.service() + " has no memory limit");
      }
    }
    return found;
  }

  static List<String> unexpectedlyPublished(List<ServiceContainer> services, Set<String> publicServices) {
    List<String> found = new ArrayList<>();
    for (ServiceContainer service : services) {
      if (publicServices.contains(service.service())) {
        continue;
      }
      for (ContainerSpec.PublishedPort port : service.container().ports()) {
        if (port.hostPort() > 0) {
          found.add(service.service() + " publishes " + port.containerPort() + " on " + port.hostPort());
        }
      }
    }
    return found;
  }

  static List<String> unpinned(List<ServiceContainer> services, Map<String, String> pinned) {
    if (pinned.isEmpty()) {
      throw new RuleCheck.Unknown("no release record of image ids to compare with");
    }
    List<String> found = new ArrayList<>();
    for (ServiceContainer service : services) {
      String expected = pinned.get(service.service());
      if (expected == null) {
        found.add(service.service() + " has no image id in the release");
      } else if (!expected.equals(service.container().imageId())) {
        found.add(service.service() + " runs " + shortId(service.container().imageId()) + ", the release pinned "
            + shortId(expected));
      }
    }
    return found;
  }

  static List<String> anonymousAccess(OkHttpClient http, String url) {
    int status = get(http, url).status();
    return status == 401 || status == 403 ? List.of()
        : List.of("GET " + url + " without a token answered " + status);
  }

  static List<String> healthDetails(OkHttpClient http, List<String> urls) {
    List<String> found = new ArrayList<>();
    for (String url : urls) {
      Answer answer = get(http, url);
      try {
        if (hasDetails(JSON.readTree(answer.body()))) {
          found.add(url + " shows details to anonymous callers");
        }
      } catch (IOException e) {
        found.add(url + " answered " + answer.status() + " without a JSON body");
      }
    }
    return found;
  }

  static boolean hasDetails(JsonNode node) {
    if (node.has("details")) {
      return true;
    }
    for (JsonNode child : node) {
      if (child.isContainerNode() && hasDetails(child)) {
        return true;
      }
    }
    return false;
  }

  static boolean isLoopback(String hostIp) {
    return hostIp.startsWith("127.") || hostIp.equals("::1") || hostIp.equals("localhost");
  }

  private record Answer(int status, String body) {}

  private static Answer get(OkHttpClient http, String url) {
    try (Response response = http.newCall(new Request.Builder().url(url).get().build()).execute()) {
      return new Answer(response.code(), response.body().string());
    } catch (IOException e) {
      throw new UncheckedIOException("no answer from " + url + ": " + e.getMessage(), e);
    }
  }

  private static String shortId(String id) {
    String hex = id == null ? "?" : id.startsWith("sha256:") ? id.substring(7) : id;
    return hex.substring(0, Math.min(12, hex.length()));
  }
}
