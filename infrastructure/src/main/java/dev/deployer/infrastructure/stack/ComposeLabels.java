package dev.deployer.infrastructure.stack;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The labels Docker Compose puts on what it creates, so `docker compose ps` recognises our stack. */
public final class ComposeLabels {

  public static final String PROJECT = "com.docker.compose.project";
  public static final String SERVICE = "com.docker.compose.service";
  public static final String NUMBER = "com.docker.compose.container-number";
  public static final String CONFIG_HASH = "com.docker.compose.config-hash";
  public static final String ONEOFF = "com.docker.compose.oneoff";
  public static final String WORKING_DIR = "com.docker.compose.project.working_dir";
  public static final String CONFIG_FILES = "com.docker.compose.project.config_files";
  public static final String VERSION = "com.docker.compose.version";
  public static final String NETWORK = "com.docker.compose.network";
  public static final String VOLUME = "com.docker.compose.volume";
  /** Ours: the release a container belongs to. */
  public static final String RELEASE = "dev.deployer.release";

  /** docker-compose v1 refuses containers whose version label it cannot parse; claim a version it accepts. */
  private static final String COMPOSE_VERSION = "1.29.2";

  private ComposeLabels() {}

  public static Map<String, String> project(String project) {
    return Map.of(PROJECT, project);
  }

  public static Map<String, String> service(String project, String service) {
    return Map.of(PROJECT, project, SERVICE, service, ONEOFF, "False");
  }

  public static Map<String, String> container(String project, String service, int number, String configHash,
      Path workingDir, List<Path> configFiles, String release) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(PROJECT, project);
    labels.put(SERVICE, service);
    labels.put(NUMBER, Integer.toString(number));
    labels.put(CONFIG_HASH, configHash);
    labels.put(ONEOFF, "False");
    labels.put(WORKING_DIR, workingDir.toString());
    labels.put(CONFIG_FILES, configFiles.stream().map(Path::toString).collect(Collectors.joining(",")));
    labels.put(VERSION, COMPOSE_VERSION);
    labels.put(RELEASE, release);
    return labels;
  }

  public static Map<String, String> network(String project, String key) {
    return Map.of(PROJECT, project, NETWORK, key, VERSION, COMPOSE_VERSION);
  }

  public static Map<String, String> volume(String project, String key) {
    return Map.of(PROJECT, project, VOLUME, key, VERSION, COMPOSE_VERSION);
  }
}
