package dev.deployer.infrastructure.compose;

import dev.deployer.infrastructure.compose.YamlValue.Mapping;
import dev.deployer.infrastructure.compose.YamlValue.Sequence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** One entry of {@code services}, already interpolated, into a {@link ComposeService}. */
final class ServiceParser {

  private static final Set<String> KEYS = keys(
      "image", "build", "command", "entrypoint", "environment", "env_file", "label_file", "ports", "volumes",
      "networks", "depends_on", "healthcheck", "restart", "labels", "deploy", "profiles", "extends",
      "develop", "attach");
  private static final Set<String> BUILD_KEYS = Set.of("context", "dockerfile", "dockerfile_inline", "args", "target",
      "labels", "tags", "cache_from", "no_cache", "pull", "network", "shm_size", "extra_hosts", "platforms");
  private static final Set<String> DEPENDS_ON_KEYS = Set.of("condition", "required", "restart");

  private final Path projectDir;
  private final Function<String, String> env;
  private final VolumeParser volumes;
  private final ServiceOptionsParser options;
  private final List<String> warnings;

  /**
   * @param env the project environment (process environment over {@code .env}), null = unset
   * @param options reads the keys of {@link ServiceOptions}, knowing the project's secrets and configs
   * @param warnings where keys that have no effect on a deployment are reported
   */
  ServiceParser(Path projectDir, Function<String, String> env, ServiceOptionsParser options, List<String> warnings) {
    this.projectDir = projectDir;
    this.env = env;
    this.volumes = new VolumeParser(projectDir, env.apply("HOME"));
    this.options = options;
    this.warnings = warnings;
  }

  ServiceParser(Path projectDir, Function<String, String> env) {
    this(projectDir, env, new ServiceOptionsParser(Map.of(), Map.of()), new ArrayList<>());
  }

  ComposeService parse(String name, YamlValue value) throws ComposeException {
    Mapping service = Nodes.mapping(value);
    SpecKeys.check(service, KEYS, SpecKeys.SERVICE);
    for (String key : List.of("develop", "attach")) {
      if (service.has(key)) {
        warnings.add(service.get(key).location().file() + ": " + service.get(key).path()
            + " has no effect on a deployment (as with `docker compose up` without --watch or attach)");
      }
    }
    String image = Nodes.optionalString(service.get("image"));
    BuildSpec build = service.has("build") ? build(service.get("build")) : null;
    if (image == null && build == null) {
      throw service.error("service '" + name + "' has neither an image nor a build context");
    }
    DeploySpec deploy = service.has("deploy") ? DeployParser.parse(service.get("deploy")) : null;
    scaleAgreesWithReplicas(service, deploy);
    Map<String, String> declared =
        service.has("environment") ? Nodes.keyValues(service.get("environment"), env) : Map.of();
    Map<String, String> environment = new LinkedHashMap<>();
    if (service.has("env_file")) {
      environment.putAll(envFiles(service.get("env_file"), declared));
    }
    environment.putAll(declared);
    String restart = restart(service.get("restart"));
    if (restart == null) {
      restart = DeployParser.restartPolicy(service.get("deploy"));
    }
    ResourceLimits limits = deploy == null ? null : deploy.limits();
    if (limits == null && (service.has("cpus") || service.has("mem_limit"))) {
      limits = new ResourceLimits(service.has("cpus") ? Nodes.number(service.get("cpus")) : null,
          service.has("mem_limit") ? DeployParser.memoryBytes(service.get("mem_limit")) : null);
    }
    return new ComposeService(
        name,
        image,
        build,
        command(service.get("command")),
        command(service.get("entrypoint")),
        environment,
        service.has("ports") ? PortParser.parseAll(service.get("ports")) : List.of(),
        service.has("volumes") ? volumes.parseAll(service.get("volumes")) : List.of(),
        service.has("networks") ? networks(service.get("networks")) : List.of(),
        service.has("depends_on") ? dependsOn(service.get("depends_on")) : Map.of(),
        service.has("healthcheck") ? HealthcheckParser.parse(service.get("healthcheck")) : null,
        restart,
        labels(service),
        limits,
        service.has("profiles") ? profiles(service.get("profiles")) : List.of(),
        deploy,
        options.parse(service, DeployParser.reservations(service.get("deploy"))));
  }

  /** As compose-go: {@code scale} and {@code deploy.replicas} may both be set only to the same number. */
  private static void scaleAgreesWithReplicas(Mapping service, DeploySpec deploy) throws ComposeException {
    Integer scale = Nodes.optionalInteger(service.get("scale"));
    if (scale != null && deploy != null && deploy.replicas() != null && !scale.equals(deploy.replicas())) {
      throw service.get("scale").error("can't set distinct values on 'scale' and 'deploy.replicas' ("
          + scale + " and " + deploy.replicas() + ")");
    }
  }

  private static Set<String> keys(String... own) {
    Set<String> keys = new java.util.HashSet<>(Set.of(own));
    keys.addAll(ServiceOptionsParser.KEYS);
    keys.addAll(LifecycleParser.KEYS);
    keys.addAll(ExtendedKeysParser.KEYS);
    return Set.copyOf(keys);
  }

  private BuildSpec build(YamlValue value) throws ComposeException {
    if (!(value instanceof Mapping)) {
      return new BuildSpec(projectDir.resolve(Nodes.string(value)).normalize(), null, Map.of());
    }
    Mapping build = (Mapping) value;
    SpecKeys.check(build, BUILD_KEYS, SpecKeys.BUILD);
    if (build.has("dockerfile") && build.has("dockerfile_inline")) {
      throw build.get("dockerfile_inline").error("dockerfile and dockerfile_inline are mutually exclusive");
    }
    String context = Nodes.optionalString(build.get("context"));
    return new BuildSpec(
        projectDir.resolve(context == null ? "." : context).normalize(),
        Nodes.optionalString(build.get("dockerfile")),
        Nodes.optionalString(build.get("dockerfile_inline")),
        build.has("args") ? Nodes.keyValues(build.get("args"), env) : Map.of(),
        Nodes.optionalString(build.get("target")),
        build.has("labels") ? Nodes.keyValues(build.get("labels"), key -> "") : Map.of(),
        strings(build.get("tags")),
        strings(build.get("cache_from")),
        Nodes.bool(build.get("no_cache"), false),
        Nodes.bool(build.get("pull"), false),
        Nodes.optionalString(build.get("network")),
        build.has("shm_size") ? DeployParser.memoryBytes(build.get("shm_size")) : null,
        build.has("extra_hosts") ? ServiceOptionsParser.extraHosts(build.get("extra_hosts")) : List.of(),
        strings(build.get("platforms")));
  }

  private static List<String> strings(YamlValue value) throws ComposeException {
    return value == null ? List.of() : Nodes.stringList(value);
  }

  private static List<String> command(YamlValue value) throws ComposeException {
    if (value == null || (value instanceof YamlValue.Scalar s && s.isNull())) {
      return List.of();
    }
    if (value instanceof Sequence) {
      return Nodes.stringList(value);
    }
    String line = Nodes.string(value);
    List<String> words = ShellWords.split(line);
    if (words == null) {
      throw value.error("unbalanced quotes or trailing backslash in '" + line + "'");
    }
    return words;
  }

  /**
   * The env files' variables in order. As in compose-go, a file's own interpolation sees the
   * service's {@code environment} first, then the project environment, then the file's earlier lines.
   */
  private Map<String, String> envFiles(YamlValue value, Map<String, String> declared) throws ComposeException {
    Function<String, String> lookup = name -> declared.containsKey(name) ? declared.get(name) : env.apply(name);
    List<YamlValue> items =
        value instanceof Sequence sequence ? sequence.items() : List.of(value);
    Map<String, String> result = new LinkedHashMap<>();
    for (YamlValue item : items) {
      String path;
      boolean required = true;
      if (item instanceof Mapping mapping) {
        Nodes.allowKeys(mapping, Set.of("path", "required", "format"));
        if (mapping.has("format") && !"raw".equals(Nodes.string(mapping.get("format")))) {
          throw mapping.get("format").error("unknown env_file format '" + Nodes.string(mapping.get("format"))
              + "' (raw, or leave it out for Compose's own)");
        }
        if (!mapping.has("path")) {
          throw mapping.error("path is required");
        }
        path = Nodes.string(mapping.get("path"));
        required = Nodes.bool(mapping.get("required"), true);
      } else {
        path = Nodes.string(item);
      }
      Path file = projectDir.resolve(path).normalize();
      if (!Files.isRegularFile(file)) {
        if (required) {
          throw item.error("env file " + file + " not found");
        }
        continue;
      }
      try {
        String text = Files.readString(file);
        boolean raw = item instanceof Mapping m && m.has("format");
        result.putAll(raw ? DotEnv.raw(text) : DotEnv.parse(file.toString(), text, lookup));
      } catch (IOException e) {
        throw item.error("cannot read env file " + file + ": " + e.getMessage());
      }
    }
    return result;
  }

  /**
   * {@code label_file} entries in env file syntax (their interpolation sees only their own earlier
   * lines), in order, then {@code labels} over them.
   */
  private Map<String, String> labels(Mapping service) throws ComposeException {
    Map<String, String> labels = new LinkedHashMap<>();
    YamlValue files = service.get("label_file");
    if (files != null) {
      for (YamlValue item : files instanceof Sequence sequence ? sequence.items() : List.of(files)) {
        Path file = projectDir.resolve(Nodes.string(item)).normalize();
        if (!Files.isRegularFile(file)) {
          throw item.error("label file " + file + " not found");
        }
        try {
          labels.putAll(DotEnv.parse(file.toString(), Files.readString(file), name -> null));
        } catch (IOException e) {
          throw item.error("cannot read label file " + file + ": " + e.getMessage());
        }
      }
    }
    if (service.has("labels")) {
      labels.putAll(Nodes.keyValues(service.get("labels"), key -> ""));
    }
    return labels;
  }

  /** The network keys; their settings are read into {@link ServiceOptions#networkSettings()}. */
  private static List<String> networks(YamlValue value) throws ComposeException {
    if (value instanceof Sequence) {
      return Nodes.stringList(value);
    }
    return new ArrayList<>(Nodes.mapping(value).entries().keySet());
  }

  private static Map<String, DependsOn> dependsOn(YamlValue value) throws ComposeException {
    Map<String, DependsOn> result = new LinkedHashMap<>();
    if (value instanceof Sequence) {
      for (String name : Nodes.stringList(value)) {
        result.put(name, DependsOn.started());
      }
      return result;
    }
    for (Map.Entry<String, YamlValue> entry : Nodes.mapping(value).entries().entrySet()) {
      Mapping settings = Nodes.mappingOrEmpty(entry.getValue());
      Nodes.allowKeys(settings, DEPENDS_ON_KEYS);
      DependsOn.Condition condition = DependsOn.Condition.SERVICE_STARTED;
      YamlValue conditionValue = settings.get("condition");
      if (conditionValue != null) {
        condition = DependsOn.Condition.fromComposeName(Nodes.string(conditionValue));
        if (condition == null) {
          throw conditionValue.error(
              "unknown condition '" + Nodes.string(conditionValue)
                  + "' (service_started, service_healthy or service_completed_successfully)");
        }
      }
      result.put(
          entry.getKey(),
          new DependsOn(
              condition,
              Nodes.bool(settings.get("required"), true),
              Nodes.bool(settings.get("restart"), false)));
    }
    return result;
  }

  private static String restart(YamlValue value) throws ComposeException {
    String restart = Nodes.optionalString(value);
    if (restart == null
        || restart.matches("no|always|unless-stopped|on-failure(:\\d+)?")) {
      return restart;
    }
    throw value.error(
        "invalid restart policy '" + restart
            + "' (no, always, on-failure[:N] or unless-stopped)");
  }

  private static List<String> profiles(YamlValue value) throws ComposeException {
    List<String> profiles = Nodes.stringList(value);
    for (int i = 0; i < profiles.size(); i++) {
      if (!profiles.get(i).matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
        throw Nodes.sequence(value).items().get(i).error("invalid profile name '" + profiles.get(i) + "'");
      }
    }
    return profiles;
  }
}
