package dev.deployer.infrastructure.lock;

import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The lock as a container on the engine the stack runs on, created and never started: Docker
 * refuses a second container of the same name, which makes taking the lock atomic for every
 * client of that engine, wherever it runs. Labels hold who took it; labels cannot change, so a
 * renewal is a small file in the container.
 */
final class EngineLockRecords implements LockRecords {

  /** Label on every lock container; its value is the project. */
  static final String LABEL = "dev.deployer.lock";
  static final String RENEWED_FILE = "/renewed";

  private final ContainerEngine engine;
  private final String project;

  EngineLockRecords(ContainerEngine engine, String project) {
    this.engine = engine;
    this.project = project;
  }

  static String containerName(String project) {
    return project + "-deploy-lock";
  }

  @Override
  public boolean create(LockInfo info) {
    return engine.createMarker(containerName(project), labels(project, info)).isPresent();
  }

  @Override
  public Optional<Stored> read() {
    for (int attempt = 1; ; attempt++) {
      Optional<ContainerInfo> container = engine.container(containerName(project));
      if (container.isEmpty()) {
        return Optional.empty();
      }
      try {
        return Optional.of(stored(container.get()));
      } catch (RuntimeException e) {
        // Removed while its renewal was read (another deployer took a stale lock over): the engine
        // answers an error, not "not found". Look again; a lock that still cannot be read is an error.
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  private Stored stored(ContainerInfo lock) {
    LockInfo info = info(lock.labels());
    if (info != null) {
      Instant renewed = engine.readFile(lock.id(), RENEWED_FILE)
          .map(bytes -> parseInstant(new String(bytes, StandardCharsets.UTF_8).strip())).orElse(null);
      info = renewed == null ? info : info.renewedAt(renewed);
    }
    return new Stored(lock.id(), info);
  }

  @Override
  public boolean renew(String key, Instant renewed) {
    return engine.writeFile(key, RENEWED_FILE, (renewed + "\n").getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public boolean remove(String key) {
    return engine.removeMarker(key);
  }

  @Override
  public String location() {
    return "container " + containerName(project) + " on the engine";
  }

  static Map<String, String> labels(String project, LockInfo info) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(LABEL, project);
    labels.put(LABEL + ".environment", info.environment());
    labels.put(LABEL + ".owner", info.owner());
    labels.put(LABEL + ".host", info.host());
    labels.put(LABEL + ".pid", Long.toString(info.pid()));
    labels.put(LABEL + ".started", info.started().toString());
    labels.put(LABEL + ".ttl", info.ttl().toString());
    labels.put(LABEL + ".command", nullToEmpty(info.command()));
    labels.put(LABEL + ".message", nullToEmpty(info.message()));
    labels.put(LABEL + ".token", info.token());
    return labels;
  }

  /** The lock the labels describe; null when they are not a lock's. */
  static LockInfo info(Map<String, String> labels) {
    if (!labels.containsKey(LABEL) || labels.get(LABEL + ".token") == null) {
      return null;
    }
    try {
      return new LockInfo(labels.get(LABEL + ".environment"), labels.get(LABEL + ".owner"),
          labels.get(LABEL + ".host"), Long.parseLong(labels.getOrDefault(LABEL + ".pid", "0")),
          Instant.parse(labels.get(LABEL + ".started")), Duration.parse(labels.get(LABEL + ".ttl")),
          labels.get(LABEL + ".command"), labels.get(LABEL + ".message"), labels.get(LABEL + ".token"), null);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static Instant parseInstant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null; // a renewal being written: the previous one, or the start, counts
    }
  }

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }
}
