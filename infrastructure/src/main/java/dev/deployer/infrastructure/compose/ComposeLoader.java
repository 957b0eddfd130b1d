package dev.deployer.infrastructure.compose;

import dev.deployer.infrastructure.compose.YamlValue.Mapping;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Loads a Compose file the way Docker Compose v2 does for the subset the deployer supports:
 * {@code .env} from the project directory under the process environment, interpolation, anchors
 * and merge keys, extension fields, project name, services, volumes and networks. Anything
 * outside the subset is an error naming file, line and key.
 */
public final class ComposeLoader {

  private static final Set<String> TOP_LEVEL_KEYS =
      Set.of("name", "version", "include", "services", "volumes", "networks", "secrets", "configs");

  private final Map<String, String> environment;
  private final List<String> warnings = new ArrayList<>();

  /** @param environment the process environment (tests pass their own map) */
  public ComposeLoader(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /**
   * Loads with the project named by COMPOSE_PROJECT_NAME, the file's {@code name}, or its
   * directory. Services with {@code profiles} are active only when one of theirs is selected
   * ({@code "*"} selects all; with none given, COMPOSE_PROFILES is used, as Compose does).
   */
  public ComposeProject load(Path composeFile, Set<String> profiles) throws ComposeException {
    return load(composeFile, profiles, null);
  }

  /**
   * @param projectNameOverride like {@code docker compose -p}: wins over everything, and must
   *     already be a valid project name; null for none
   */
  public ComposeProject load(Path composeFile, Set<String> profiles, String projectNameOverride)
      throws ComposeException {
    return load(List.of(composeFile), profiles, projectNameOverride);
  }

  /**
   * Loads several files as {@code docker compose -f a -f b} does: each later one merged over the
   * earlier ones with compose-go's rules; the project directory (its {@code .env}, the base of
   * relative paths) is the first file's.
   */
  public synchronized ComposeProject load(
      List<Path> composeFiles, Set<String> profiles, String projectNameOverride)
      throws ComposeException {
    if (composeFiles.isEmpty()) {
      throw new IllegalArgumentException("no compose file");
    }
    warnings.clear();
    List<Path> files = new ArrayList<>();
    List<String> fileNames = new ArrayList<>();
    for (Path composeFile : composeFiles) {
      files.add(composeFile.toAbsolutePath().normalize());
      fileNames.add(composeFile.toString());
    }
    String fileName = fileNames.get(0);
    Path projectDir = files.get(0).getParent();
    Map<String, String> env = projectEnvironment(projectDir);
    Function<String, String> lookup = env::get;
    Set<String> unset = new LinkedHashSet<>();
    String declared = new ComposeFiles(env, unset::add, List.of()).declaredName(files, fileNames);
    String name = projectName(declared, projectDir, env, projectNameOverride, fileName);
    env.put("COMPOSE_PROJECT_NAME", name);
    Mapping top = new ComposeFiles(env, unset::add, List.of()).load(files, fileNames, projectDir);
    unset.forEach(variable ->
        warnings.add("The \"" + variable + "\" variable is not set. Defaulting to a blank string."));
    SpecKeys.check(top, TOP_LEVEL_KEYS, SpecKeys.TOP_LEVEL);
    if (top.has("version")) {
      warnings.add(top.get("version").location().file() + ": the attribute 'version' is obsolete and ignored");
    }
    ResourceParser resources = new ResourceParser(name);
    Map<String, VolumeSpec> volumes = resources.volumes(top.get("volumes"));
    Map<String, NetworkSpec> networks = resources.networks(top.get("networks"));
    Mapping rawServices =
        top.has("services") ? Nodes.mappingOrEmpty(top.get("services")) : new Mapping(Map.of(), top.location());
    Set<String> selected = selectedProfiles(profiles, env);
    Map<String, FileSource> secrets = resources.fileSources(top.get("secrets"), "secret", projectDir, lookup);
    Map<String, FileSource> configs = resources.fileSources(top.get("configs"), "config", projectDir, lookup);
    ServiceOptionsParser options = new ServiceOptionsParser(secrets, configs);
    ServiceParser parser = new ServiceParser(projectDir, lookup, options, warnings);
    Map<String, ComposeService> all = new LinkedHashMap<>();
    Map<String, ComposeService> active = new LinkedHashMap<>();
    for (Map.Entry<String, YamlValue> entry : rawServices.entries().entrySet()) {
      if (!entry.getKey().matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
        throw entry.getValue().error("invalid service name '" + entry.getKey() + "'");
      }
      ComposeService service = parser.parse(entry.getKey(), entry.getValue());
      References.check(service, Nodes.mapping(entry.getValue()), volumes, networks);
      Set<String> implied =
          References.serviceReferences(service, Nodes.mapping(entry.getValue()), rawServices.entries().keySet());
      if (!implied.isEmpty()) {
        Map<String, DependsOn> dependsOn = new LinkedHashMap<>(service.dependsOn());
        implied.forEach(target -> dependsOn.putIfAbsent(target, DependsOn.started()));
        service = DependencyGraph.withDependsOn(service, dependsOn);
      }
      all.put(service.name(), service);
      if (isActive(service, selected)) {
        active.put(service.name(), service);
      }
    }
    Map<String, ComposeService> services = DependencyGraph.resolve(all, active, rawServices);
    return new ComposeProject(name, projectDir, files, services, volumes,
        ResourceParser.withoutUnusedDefault(networks, top.get("networks"), services.values()),
        KeyPlaces.of(top, services.keySet()), secrets, configs);
  }

  /**
   * The files {@code docker compose} uses when none is named: {@code compose.yaml} (or {@code
   * compose.yml}, {@code docker-compose.yaml}, {@code docker-compose.yml}) in the directory, and
   * {@code compose.override.yaml} (or its {@code .yml} and {@code docker-compose.override} names)
   * beside it when there is one.
   */
  public static List<Path> defaultFiles(Path projectDirectory) {
    return ComposeFiles.defaults(projectDirectory);
  }

  /** Warnings from the last load (unset variables, obsolete {@code version}). */
  public synchronized List<String> warnings() {
    return List.copyOf(warnings);
  }

  /** The given profiles, or as Compose does without any, those listed in COMPOSE_PROFILES. */
  private static Set<String> selectedProfiles(Set<String> profiles, Map<String, String> env) {
    if (profiles != null && !profiles.isEmpty()) {
      return profiles;
    }
    Set<String> fromEnv = new LinkedHashSet<>();
    for (String profile : env.getOrDefault("COMPOSE_PROFILES", "").split(",")) {
      if (!profile.isBlank()) {
        fromEnv.add(profile.strip());
      }
    }
    return fromEnv;
  }

  private static boolean isActive(ComposeService service, Set<String> profiles) {
    return service.profiles().isEmpty()
        || profiles.contains("*")
        || service.profiles().stream().anyMatch(profiles::contains);
  }

  /** The {@code .env} file's variables with the process environment over them, even when empty. */
  private Map<String, String> projectEnvironment(Path projectDir) throws ComposeException {
    Map<String, String> env = new HashMap<>();
    Path dotEnv = projectDir.resolve(".env");
    if (Files.isRegularFile(dotEnv)) {
      env.putAll(DotEnv.read(dotEnv, environment::get));
    }
    env.putAll(environment);
    return env;
  }

  /**
   * As compose-go's {@code projectName}: {@code -p}, then COMPOSE_PROJECT_NAME (both must already
   * be valid), then the files' {@code name} normalised, then the directory's name normalised.
   */
  private String projectName(
      String fromFile, Path projectDir, Map<String, String> env, String override, String fileName)
      throws ComposeException {
    for (String imperative : new String[] {override, env.get("COMPOSE_PROJECT_NAME")}) {
      if (imperative != null && !imperative.isEmpty()) {
        if (!ProjectNames.isValid(imperative)) {
          throw new ComposeException(
              fileName,
              "invalid project name '" + imperative + "': use only lowercase letters, digits, '_'"
                  + " and '-', starting with a letter or digit");
        }
        return imperative;
      }
    }
    if (fromFile != null && !ProjectNames.normalize(fromFile).isEmpty()) {
      return ProjectNames.normalize(fromFile);
    }
    Path dirName = projectDir.getFileName();
    String fromDir = dirName == null ? "" : ProjectNames.normalize(dirName.toString());
    if (fromDir.isEmpty()) {
      throw new ComposeException(fileName, "project name must not be empty; set 'name' or use -p");
    }
    return fromDir;
  }

}
