package dev.deployer.pipeline.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deployer.infrastructure.compose.ComposeLoader;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.config.SwarmSettings;
import dev.deployer.infrastructure.engine.DockerEngines;
import dev.deployer.infrastructure.engine.SwarmEngine;
import dev.deployer.infrastructure.engine.SwarmFileGrant;
import dev.deployer.infrastructure.engine.SwarmServiceSpec;
import dev.deployer.infrastructure.swarm.SwarmLabels;
import dev.deployer.infrastructure.swarm.SwarmServiceSpecs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec "Secrets" and "Configs" on the swarm target, on the engine's swarm (a single-node one is
 * initialised when the engine is in none, and left at the end): the stack's secrets and configs are created from file, environment
 * and content sources, an external one is used by its name, the service's tasks get each with the
 * grant's target, owner and mode (and a golang template rendered), a new value makes a new object
 * that the updated service moves to while the old one is removed, and removing the stack removes
 * its objects but never the external one. Stack h5-swsec.
 */
class SwarmSecretsConfigsIT {

  private static final String STACK = "h5-swsec";
  private static final String EXTERNAL = "h5-swsec-external-token";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path work;

  static SwarmEngine swarm;
  static boolean initialisedSwarm;

  @BeforeAll
  static void setUp() throws Exception {
    swarm = DockerEngines.connectSwarm("unix:///var/run/docker.sock", false, "");
    if (!swarm.swarm().active()) {
      swarm.init("127.0.0.1");
      initialisedSwarm = true;
    }
    cleanUp();
    swarm.ensureFileObject(SwarmFileGrant.Kind.SECRET, EXTERNAL, "outside".getBytes(StandardCharsets.UTF_8),
        Map.of(), null);
    Files.writeString(work.resolve("db_password.txt"), "file-pw");
    Files.writeString(work.resolve("compose.yaml"), """
        name: h5-swsec
        services:
          app:
            image: alpine:3.17
            command: ["sleep", "600"]
            secrets:
              - source: api_token
                uid: "1000"
                gid: "2000"
                mode: 0400
              - db_password
              - source: outside
                target: outside_token
            configs:
              - source: app_config
                target: /etc/app/app.conf
                mode: 0440
              - source: rendered
                target: /etc/rendered
        secrets:
          api_token:
            environment: H5_API_TOKEN
          db_password:
            file: ./db_password.txt
          outside:
            external: true
            name: h5-swsec-external-token
        configs:
          app_config:
            content: |
              debug=${H5_DEBUG}
          rendered:
            content: "service={{ .Service.Name }}"
            template_driver: golang
        """);
  }

  @AfterAll
  static void tearDown() throws Exception {
    try {
      cleanUp();
      if (initialisedSwarm) {
        swarm.leave(true);
      }
    } finally {
      swarm.close();
    }
  }

  private static void cleanUp() throws Exception {
    swarm.service(SwarmLabels.serviceName(STACK, "app")).ifPresent(s -> swarm.removeService(s.id()));
    waitUntil(() -> docker("ps", "-aq", "--filter", "label=" + SwarmLabels.NAMESPACE + "=" + STACK).isBlank());
    for (SwarmFileGrant.Kind kind : SwarmFileGrant.Kind.values()) {
      for (String name : swarm.fileObjects(kind, SwarmLabels.stack(STACK))) {
        swarm.removeFileObject(kind, name);
      }
    }
    swarm.networks(SwarmLabels.stack(STACK)).forEach(swarm::removeNetwork);
    swarm.removeFileObject(SwarmFileGrant.Kind.SECRET, EXTERNAL);
  }

  @Test
  void tasksGetTheStacksSecretsAndConfigsAndANewValueReplacesTheOldObject() throws Exception {
    ComposeProject v1 = load("v1");
    StackFileObjects.ensure(swarm, v1, line -> { });
    v1.networks().values().forEach(n -> swarm.ensureNetwork(SwarmDeployStep.overlay(STACK, n)));
    SwarmServiceSpec spec = SwarmServiceSpecs.fromCompose(v1, v1.service("app"), imageId(), "alpine:3.17",
        SwarmSettings.DEFAULT, "r1");
    String id = swarm.createService(spec);

    String container = runningContainer(id, spec);
    assertThat(docker("exec", container, "stat", "-c", "%a %u %g %n", "/run/secrets/api_token",
        "/run/secrets/db_password", "/run/secrets/outside_token", "/etc/app/app.conf", "/etc/rendered")).isEqualTo("""
            400 1000 2000 /run/secrets/api_token
            444 0 0 /run/secrets/db_password
            444 0 0 /run/secrets/outside_token
            440 0 0 /etc/app/app.conf
            444 0 0 /etc/rendered
            """);
    assertThat(docker("exec", container, "cat", "/run/secrets/api_token", "/run/secrets/db_password",
        "/run/secrets/outside_token", "/etc/app/app.conf", "/etc/rendered"))
        .isEqualTo("token-v1file-pwoutsidedebug=v1\nservice=h5-swsec_app");
    JsonNode inspected = JSON.readTree(docker("service", "inspect", SwarmLabels.serviceName(STACK, "app"))).get(0)
        .path("Spec").path("TaskTemplate").path("ContainerSpec");
    List<String> secrets = new ArrayList<>();
    inspected.path("Secrets").forEach(s -> secrets.add(s.path("SecretName").asText() + " -> "
        + s.path("File").path("Name").asText() + " " + s.path("File").path("UID").asText() + ":"
        + s.path("File").path("GID").asText() + " " + Integer.toOctalString(s.path("File").path("Mode").asInt())));
    assertThat(secrets).hasSize(3).contains(EXTERNAL + " -> /run/secrets/outside_token 0:0 444")
        .anySatisfy(s -> assertThat(s).matches("h5-swsec_api_token-[0-9a-f]{10} -> /run/secrets/api_token 1000:2000 400"));
    assertThat(inspected.path("Configs")).hasSize(2);
    assertThat(swarm.fileObjects(SwarmFileGrant.Kind.SECRET, SwarmLabels.stack(STACK))).hasSize(2)
        .doesNotContain(EXTERNAL);

    // A new value: a new secret, the service moves to it, and the old one goes.
    ComposeProject v2 = load("v2");
    StackFileObjects.ensure(swarm, v2, line -> { });
    SwarmServiceSpec updated = SwarmServiceSpecs.fromCompose(v2, v2.service("app"), imageId(), "alpine:3.17",
        SwarmSettings.DEFAULT, "r2");
    assertThat(SwarmServiceSpecs.fingerprint(updated)).isNotEqualTo(SwarmServiceSpecs.fingerprint(spec));
    swarm.updateService(id, swarm.service(id).orElseThrow().version(), updated);
    String newContainer = runningContainer(id, updated);
    assertThat(docker("exec", newContainer, "cat", "/run/secrets/api_token")).isEqualTo("token-v2");
    StackFileObjects.removeUnused(swarm, v2, STACK, line -> { });
    List<String> left = swarm.fileObjects(SwarmFileGrant.Kind.SECRET, SwarmLabels.stack(STACK));
    assertThat(left).hasSize(2).allSatisfy(name -> assertThat(secrets.toString()).doesNotContain(name + " -> /run/secrets/api_token"));

    // down: the stack's objects go, the external one stays.
    swarm.removeService(id);
    waitUntil(() -> docker("ps", "-aq", "--filter", "label=" + SwarmLabels.NAMESPACE + "=" + STACK).isBlank());
    StackFileObjects.removeUnused(swarm, null, STACK, line -> { });
    assertThat(swarm.fileObjects(SwarmFileGrant.Kind.SECRET, SwarmLabels.stack(STACK))).isEmpty();
    assertThat(swarm.fileObjects(SwarmFileGrant.Kind.CONFIG, SwarmLabels.stack(STACK))).isEmpty();
    assertThat(swarm.fileObject(SwarmFileGrant.Kind.SECRET, EXTERNAL)).isPresent();
  }

  private static ComposeProject load(String version) throws Exception {
    return new ComposeLoader(Map.of("H5_API_TOKEN", "token-" + version, "H5_DEBUG", version))
        .load(work.resolve("compose.yaml"), Set.of());
  }

  /** The container of the service's running task made from {@code spec}. */
  private static String runningContainer(String serviceId, SwarmServiceSpec spec) throws Exception {
    String template = spec.containerLabels().get(SwarmLabels.TEMPLATE_HASH);
    String[] found = new String[1];
    waitUntil(() -> swarm.tasks(serviceId).stream()
        .filter(t -> t.running() && t.containerId() != null && template.equals(t.labels().get(SwarmLabels.TEMPLATE_HASH)))
        .findFirst().map(t -> found[0] = t.containerId()).isPresent());
    return found[0];
  }

  private static String imageId() throws Exception {
    return docker("image", "inspect", "-f", "{{.Id}}", "alpine:3.17").strip();
  }

  interface Condition {
    boolean holds() throws Exception;
  }

  private static void waitUntil(Condition condition) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(40));
    while (!condition.holds()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("timed out waiting");
      }
      Thread.sleep(300);
    }
  }

  private static String docker(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("timed out: " + command);
    }
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
