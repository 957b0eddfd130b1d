package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code deployer compose config} against the reference tool available here, {@code docker-compose
 * config} (Compose v1.29; Compose v2 is not installed): for each file, every field v1 prints is
 * printed by the deployer with the same value, once both are brought to one shape. No engine is
 * needed. The deployer prints Compose v2's shape; the known v1/v2 differences, normalised below:
 *
 * <ul>
 *   <li>v1 prints {@code version: '3.9'} and no {@code name}; v2 prints {@code name} and no version.
 *   <li>v1 keeps the short syntax of {@code ports} ({@code 127.0.0.1:8080:80/tcp}) and {@code volumes}
 *       ({@code src:target:ro,z}) and a published port as a number; v2 prints the long syntax with
 *       the published port as a string.
 *   <li>v1 keeps a string {@code command} as written; v2 splits it into words.
 *   <li>v1 keeps {@code extra_hosts} as a mapping when written so; v2 prints {@code host:ip} items.
 *   <li>v1 prints {@code volumes_from} of a service as {@code service:name[:mode]}; v2 as written.
 *   <li>v1 prints durations as written ({@code 60s}); v2 in Go notation ({@code 1m0s}).
 *   <li>Both double every {@code $} of a value, so the output loads again as it is.
 *   <li>v2 adds: each service's {@code networks} (the project's {@code default} when it lists none)
 *       and the {@code default} network itself, {@code depends_on.*.required}, the dependencies that
 *       {@code network_mode}/{@code ipc}/{@code pid}/{@code volumes_from: service:x} imply, engine
 *       {@code name}s of volumes and networks, a secret's or config's default {@code target}.
 * </ul>
 */
class ComposeConfigV1IT {

  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  /** The real-world files v1 can read (the others use keys that came after it: name, develop, ...). */
  private static final String REAL_WORLD = "infrastructure/src/test/resources/conformance/realworld/";
  private static final Set<String> MEMORY_KEYS = Set.of("memory", "mem_limit", "mem_reservation", "shm_size");
  private static final Pattern MEMORY = Pattern.compile("(?i)(\\d+(?:\\.\\d+)?) ?([kmgtp])?i?b?");
  /** Service keys v2 prints where v1 prints nothing (see the class comment). */
  private static final Set<String> ADDED_BY_V2 = Set.of("networks", "depends_on");
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|us|ns|m|s)");

  @ParameterizedTest
  @ValueSource(strings = {REAL_WORLD + "02-wordpress-like", REAL_WORLD + "04-cache-sidecar",
      // 05 is left out: its long-syntax port has host_ip, which v1 refuses there (v2 takes it).
      REAL_WORLD + "07-secrets-db", REAL_WORLD + "08-ipam-fixed", "examples/web-redis", "."})
  void everyFieldV1PrintsIsPrintedAlike(String directory) throws Exception {
    Path dir = REPO.resolve(directory).normalize();
    Path file = dir.resolve("compose.yaml");

    Map<String, Object> v1 = yaml(dockerCompose(dir, file));
    Cli ours = Cli.execute("compose", "config", "--file", file.toString(), "--format", "yaml");
    assertThat(ours.exit()).as(ours.err()).isZero();
    Map<String, Object> deployer = yaml(ours.out());
    Cli json = Cli.execute("compose", "config", "--file", file.toString(), "--format", "json");
    assertThat(yaml(json.out())).as("--format json holds the same model").isEqualTo(deployer);

    Map<String, Object> v1Services = map(v1.get("services"));
    Map<String, Object> ourServices = map(deployer.get("services"));
    assertThat(ourServices.keySet()).isEqualTo(v1Services.keySet());
    for (String service : v1Services.keySet()) {
      Set<String> extra = new HashSet<>(map(ourServices.get(service)).keySet());
      extra.removeAll(map(v1Services.get(service)).keySet());
      assertThat(extra).as("keys only the deployer prints for " + service).isSubsetOf(ADDED_BY_V2);
    }
    // v1 prints the version it assumed; v2 none (see above).
    v1.remove("version");
    assertSubset("", normalize(null, v1), normalize(null, deployer));
  }

  /** Every key of {@code v1} is in {@code ours} with an equal value; lists item by item. */
  private static void assertSubset(String path, Object v1, Object ours) {
    if (v1 instanceof Map<?, ?> expected) {
      if (!(ours instanceof Map<?, ?> actual)) {
        fail(path + ": v1 prints " + v1 + ", the deployer " + ours);
        return;
      }
      expected.forEach((key, value) -> {
        if (!actual.containsKey(key)) {
          fail(path + "." + key + ": v1 prints " + value + ", the deployer nothing (it printed " + actual.keySet() + ")");
        }
        assertSubset(path + "." + key, value, actual.get(key));
      });
    } else if (v1 instanceof List<?> expected) {
      assertThat(ours).as(path).isInstanceOf(List.class);
      List<?> actual = (List<?>) ours;
      assertThat(actual).as(path).hasSameSizeAs(expected);
      for (int i = 0; i < expected.size(); i++) {
        assertSubset(path + "[" + i + "]", expected.get(i), actual.get(i));
      }
    } else if (isNumber(v1) && isNumber(ours)) {
      // The deployer prints max_failure_ratio 0 as 0.0 (v2: 0); it is part of running stacks' config hash, so kept.
      assertThat(new BigDecimal(String.valueOf(ours))).as(path).isEqualByComparingTo(String.valueOf(v1));
    } else {
      assertThat(String.valueOf(ours)).as(path).isEqualTo(String.valueOf(v1));
    }
  }

  /** Brings v1's and v2's shapes of the same field to one (see the class comment). */
  private static Object normalize(String key, Object value) {
    if (value instanceof Map<?, ?> map) {
      if ("extra_hosts".equals(key)) {
        List<Object> hosts = new ArrayList<>();
        map.forEach((host, ip) -> hosts.add(host + ":" + ip));
        return hosts;
      }
      Map<String, Object> result = new LinkedHashMap<>();
      map.forEach((k, v) -> result.put(String.valueOf(k), normalize(String.valueOf(k), v)));
      return result;
    }
    if (value instanceof List<?> list) {
      List<Object> result = new ArrayList<>();
      for (Object item : list) {
        result.add(switch (key == null ? "" : key) {
          case "ports" -> port(item);
          case "volumes" -> item instanceof String text ? volume(text) : normalize(null, item);
          case "volumes_from" -> String.valueOf(item).replaceFirst("^service:", "");
          default -> normalize(null, item);
        });
      }
      return result;
    }
    if (value instanceof String text && ("command".equals(key) || "entrypoint".equals(key))) {
      return List.of(text.trim().split("\\s+"));
    }
    if (value != null && key != null && MEMORY_KEYS.contains(key)) {
      Matcher m = MEMORY.matcher(String.valueOf(value));
      if (m.matches()) {
        int power = m.group(2) == null ? 0 : "kmgtp".indexOf(m.group(2).toLowerCase()) + 1;
        return String.valueOf((long) (Double.parseDouble(m.group(1)) * Math.pow(1024, power)));
      }
    }
    if (value != null && "cpus".equals(key)) {
      return Double.parseDouble(String.valueOf(value));
    }
    if (value instanceof String text && isDuration(text)) {
      return durationNanos(text);
    }
    return value;
  }

  /** {@code [host_ip:][published:]target[/protocol]} or a mapping, as one mapping. */
  private static Map<String, Object> port(Object item) {
    Map<String, Object> port = new LinkedHashMap<>();
    port.put("host_ip", "");
    port.put("published", "");
    port.put("protocol", "tcp");
    port.put("mode", "ingress");
    if (item instanceof String text) {
      String[] protocol = text.split("/", 2);
      String[] parts = protocol[0].split(":");
      port.put("target", parts[parts.length - 1]);
      if (parts.length >= 2) {
        port.put("published", parts[parts.length - 2]);
      }
      if (parts.length == 3) {
        port.put("host_ip", parts[0]);
      }
      if (protocol.length == 2) {
        port.put("protocol", protocol[1]);
      }
    } else {
      map(item).forEach((k, v) -> port.put(k, String.valueOf(v)));
    }
    return port;
  }

  /** {@code source:target[:mode]}: a bind when the source is a path, else a named volume. */
  private static Map<String, Object> volume(String text) {
    String[] parts = text.split(":");
    Map<String, Object> volume = new LinkedHashMap<>();
    volume.put("type", parts[0].startsWith("/") || parts[0].startsWith(".") ? "bind" : "volume");
    volume.put("source", parts[0]);
    volume.put("target", parts[1]);
    if (parts.length == 3 && List.of(parts[2].split(",")).contains("ro")) {
      volume.put("read_only", true);
    }
    return volume;
  }

  private static boolean isNumber(Object value) {
    return value != null && String.valueOf(value).matches("-?\\d+(\\.\\d+)?");
  }

  private static boolean isDuration(String text) {
    Matcher m = DURATION.matcher(text);
    int end = 0;
    while (m.find() && m.start() == end) {
      end = m.end();
    }
    return end > 0 && end == text.length();
  }

  private static String durationNanos(String text) {
    Map<String, Double> unit = Map.of("h", 3.6e12, "m", 6e10, "s", 1e9, "ms", 1e6, "us", 1e3, "ns", 1d);
    double nanos = 0;
    Matcher m = DURATION.matcher(text);
    while (m.find()) {
      nanos += Double.parseDouble(m.group(1)) * unit.get(m.group(2));
    }
    return (long) nanos + "ns";
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value == null ? Map.of() : (Map<String, Object>) value;
  }

  private static Map<String, Object> yaml(String text) {
    Map<String, Object> loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    return new LinkedHashMap<>(loaded);
  }

  /** v1's model of the file, run in its directory with no COMPOSE_* variable to steer it. */
  private static String dockerCompose(Path dir, Path file) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder("docker-compose", "-f", file.toString(), "config").directory(dir.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("COMPOSE_"));
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IOException("docker-compose (v1) is missing: run scripts/setup.sh", e);
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("docker-compose config failed for " + file + ":\n" + out);
    }
    return out;
  }
}
