package dev.deployer.pipeline.bluegreen;

import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.engine.ContainerSpec;
import dev.deployer.infrastructure.proxy.Color;
import dev.deployer.infrastructure.proxy.EdgeConfig;
import dev.deployer.infrastructure.proxy.EdgeContainer;
import dev.deployer.infrastructure.proxy.HaproxyConfigs;
import dev.deployer.infrastructure.proxy.HaproxyRuntime;
import dev.deployer.infrastructure.proxy.HaproxyRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a running edge needs to become the wanted one, and the reload in place when only its
 * configuration's text changes. The container's image, command, ports and networks need a new
 * container ({@link EdgeContainer#CONTAINER_HASH_LABEL}); the text is the file haproxy runs on,
 * {@link HaproxyConfigs#CONFIG_FILE}, read back from the container (a label cannot follow a reload;
 * a restart keeps the reloaded file, {@link HaproxyConfigs#reloadableCommand}). A reload keeps the listening
 * sockets: HAProxy's master (the container's process 1, {@code -W}) starts a new worker on the new
 * file, which takes the old one's sockets and the servers' weights and states from
 * {@link EdgeConfig#STATE_FILE}, and the old worker finishes its connections.
 */
final class EdgeReload {

  /** What the running edge needs. */
  enum Change {
    NONE,
    RELOAD,
    REPLACE
  }

  private static final Duration EXEC = Duration.ofSeconds(20);
  private static final Duration NEW_WORKER = Duration.ofSeconds(15);
  private static final String NEW_FILE = HaproxyConfigs.CONFIG_FILE + ".new";
  private static final Pattern PID = Pattern.compile("(?m)^Pid: (\\d+)\\s*$");

  /**
   * Checks the new file (with a stand-in for the host's address, which only the running master
   * has), puts it in place, marks it as reloaded and signals the master; says which part failed,
   * with HAProxy's alerts.
   */
  private static final String INSTALL = "cat > " + NEW_FILE
      + " && { out=$(" + EdgeConfig.HOST_ADDRESS_VARIABLE + "=${" + EdgeConfig.HOST_ADDRESS_VARIABLE
      + ":-255.255.255.255} haproxy -c -f " + NEW_FILE + " 2>&1)"
      + " || { echo \"HAProxy refuses the new configuration: $(echo \"$out\" | grep ALERT)\" >&2; exit 3; }; }"
      + " && mv " + NEW_FILE + " " + HaproxyConfigs.CONFIG_FILE + " && : > " + HaproxyConfigs.RELOADED_MARKER
      + " && kill -USR2 1";

  private EdgeReload() {}

  /**
   * What {@code existing} needs to become {@code wanted}, given the text it runs ({@code running},
   * empty when it could not be read: then only the creation-time hash tells, as for edges made
   * before {@link EdgeContainer#CONTAINER_HASH_LABEL}).
   */
  static Change change(ContainerSpec wanted, ContainerInfo existing, Optional<String> running) {
    if (!sameContainer(wanted, existing)) {
      return Change.REPLACE;
    }
    if (running.isEmpty()) {
      return sameConfig(wanted, existing) ? Change.NONE : Change.REPLACE;
    }
    return running.get().strip().equals(EdgeContainer.configText(wanted).strip()) ? Change.NONE : Change.RELOAD;
  }

  /** {@link #change(ContainerSpec, ContainerInfo, Optional)}, the text read from the (running) container. */
  static Change change(ContainerEngine engine, ContainerSpec wanted, ContainerInfo existing) {
    return change(wanted, existing, runningText(engine, existing.id()));
  }

  /** Whether {@code existing} is made as {@code wanted} asks, but maybe for the configuration's text. */
  static boolean sameContainer(ContainerSpec wanted, ContainerInfo existing) {
    String hash = existing.label(EdgeContainer.CONTAINER_HASH_LABEL);
    return hash == null ? sameConfig(wanted, existing) : hash.equals(EdgeContainer.containerHash(wanted));
  }

  private static boolean sameConfig(ContainerSpec wanted, ContainerInfo existing) {
    return EdgeContainer.configHash(wanted).equals(existing.label(EdgeContainer.CONFIG_HASH_LABEL));
  }

  /** The configuration file of the running edge {@code id}; empty when it cannot be read. */
  static Optional<String> runningText(ContainerEngine engine, String id) {
    try {
      ContainerEngine.ExecResult result = engine.exec(id, List.of("cat", HaproxyConfigs.CONFIG_FILE), EXEC);
      return result.exitCode() == 0 ? Optional.of(result.stdout()) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Reloads the running edge {@code id} with {@code edge}'s configuration and gives each service of
   * {@code serving} all of its traffic on its color again; empty when done, otherwise why not (the
   * edge then may still run the old configuration, or the new one: the caller replaces it).
   */
  static Optional<String> reload(ContainerEngine engine, Edge edge, String id, HaproxyRuntime runtime,
      Map<String, Color> serving) {
    try {
      String before = pid(runtime);
      Optional<String> unsaved = edge.persist(engine, runtime);
      if (unsaved.isPresent()) {
        return Optional.of("the servers' state was not saved for the new worker: " + unsaved.get());
      }
      Path file = Files.createTempFile("edge-config", ".cfg");
      try {
        Files.writeString(file, edge.config().text());
        ContainerEngine.ExecResult result = engine.execWithInput(id, List.of("sh", "-c", INSTALL), file, EXEC);
        if (result.exitCode() != 0) {
          return Optional.of(result.stderr().isBlank() ? "installing the new configuration exited "
              + result.exitCode() : result.stderr().strip());
        }
      } finally {
        Files.deleteIfExists(file);
      }
      awaitNewWorker(runtime, before);
      serving.forEach((service, color) -> edge.shift(runtime, service, color, Edge.FULL));
      Optional<String> missing = serving.entrySet().stream()
          .filter(e -> !edge.serving(engine, e.getKey()).equals(Optional.of(e.getValue())))
          .map(e -> e.getKey() + " is not served by " + e.getValue() + " after the reload").findFirst();
      if (missing.isPresent()) {
        return missing;
      }
      edge.persist(engine, runtime);
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.of(String.valueOf(e.getMessage()));
    }
  }

  /** Waits until another worker than {@code before} answers on the runtime API. */
  private static void awaitNewWorker(HaproxyRuntime runtime, String before) {
    long deadline = System.nanoTime() + NEW_WORKER.toNanos();
    String last = before;
    while (System.nanoTime() - deadline < 0) {
      try {
        last = pid(runtime);
        if (!last.equals(before)) {
          return;
        }
      } catch (HaproxyRuntimeException e) {
        last = e.getMessage();
      }
      ColorRollout.sleep(Duration.ofMillis(100));
    }
    throw new HaproxyRuntimeException("no new HAProxy worker answered within " + NEW_WORKER.toSeconds()
        + " s of the reload (still: " + last + ")");
  }

  /** The worker's process id, from {@code show info}. */
  private static String pid(HaproxyRuntime runtime) {
    String answer = runtime.execute("show info");
    Matcher matcher = PID.matcher(answer);
    if (!matcher.find()) {
      throw new HaproxyRuntimeException("no Pid in the answer to show info", "show info", answer, null);
    }
    return matcher.group(1);
  }
}
