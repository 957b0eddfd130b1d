package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.cli.DeployAndVerifyIT.Run;
import dev.deployer.cli.DeployAndVerifyIT.TestStack;
import dev.deployer.infrastructure.engine.DockerEngines;
import dev.deployer.infrastructure.engine.SwarmEngine;
import dev.deployer.infrastructure.report.ReportStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The service keys the swarm target applies as {@code docker stack deploy} does, deployed to the
 * engine's single-node swarm (stack h6keys, no published ports) and read back with {@code docker
 * service inspect} and a task's {@code docker inspect}; and a key the target cannot send, refused
 * before anything is made. Generic resources go on a service of no replicas, as no node here
 * advertises any: scaled up, its task waits for a node that has them. A single-node swarm is
 * initialised when the engine is in none, and left at the end.
 */
// Never beside another IT: leaving swarm mode drops the DNS records of every running container.
@Isolated
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwarmKeysIT {

  static final String ENV = "local";
  static final String STACK = "h6keys";

  static final String COMPOSE = """
      services:
        app:
          image: alpine:3.17
          command: ["sleep", "3600"]
          hostname: h4-app
          user: "405"
          working_dir: /tmp
          stop_signal: SIGINT
          read_only: true
          init: true
          stdin_open: true
          tty: true
          scale: 2
          extra_hosts: ["db.h4.local:10.1.2.3"]
          dns: [10.1.2.53]
          dns_search: [h4.example]
          dns_opt: ["ndots:2"]
          cap_add: [net_admin]
          cap_drop: [MKNOD]
          sysctls: {net.core.somaxconn: 1024}
          ulimits: {nofile: {soft: 1024, hard: 2048}}
          pids_limit: 64
          group_add: ["1234"]
          platform: linux/ARCH
          logging:
            driver: json-file
            options: {max-size: 1m, max-file: "2"}
          networks:
            default:
              aliases: [h4-web]
          deploy:
            restart_policy: {condition: on-failure, delay: 3s, max_attempts: 4, window: 20s}
            resources:
              reservations: {cpus: "0.01", memory: 8M}
        gpu:
          image: alpine:3.17
          command: ["sleep", "3600"]
          deploy:
            replicas: 0
            resources:
              reservations:
                generic_resources: [{discrete_resource_spec: {kind: h6-gpu, value: 2}}]
      """;

  @TempDir
  static Path work;

  static Path config;

  static boolean initialisedSwarm;

  @BeforeAll
  static void setUp() throws Exception {
    try (SwarmEngine swarm = DockerEngines.connectSwarm("unix:///var/run/docker.sock", false, "")) {
      if (!swarm.swarm().active()) {
        swarm.init("127.0.0.1");
        initialisedSwarm = true;
      }
    }
    // The engine's own architecture (as Go names it: amd64, arm64), so the placement platform matches the node.
    String arch = docker("version", "--format", "{{.Server.Arch}}").strip();
    config = config(Files.writeString(work.resolve("compose.yaml"), COMPOSE.replace("linux/ARCH", "linux/" + arch)));
    TestStack.run("down", config, work, ENV, "--volumes");
  }

  @AfterAll
  static void tearDown() throws Exception {
    Run down = TestStack.run("down", config, work, ENV, "--volumes");
    assertThat(down.exitCode()).as(down.output()).isZero();
    assertThat(docker("service", "ls", "-q", "--filter", "label=com.docker.stack.namespace=" + STACK)).isBlank();
    if (initialisedSwarm) {
      try (SwarmEngine swarm = DockerEngines.connectSwarm("unix:///var/run/docker.sock", false, "")) {
        swarm.leave(true);
      }
    }
  }

  @Test
  @Order(1)
  void theServiceAndItsTasksCarryTheKeys() throws Exception {
    Run run = TestStack.run("deploy", config, work, ENV, "--wait-timeout=60");
    assertThat(run.exitCode()).as(run.output()).isZero();

    JsonNode spec = json(docker("service", "inspect", STACK + "_app", "--format", "{{json .Spec}}"));
    assertThat(spec.at("/Mode/Replicated/Replicas").asInt()).as("scale, without deploy.replicas").isEqualTo(2);
    JsonNode task = spec.path("TaskTemplate");
    JsonNode container = task.path("ContainerSpec");
    assertThat(container.path("Hostname").asText()).isEqualTo("h4-app");
    assertThat(container.path("User").asText()).isEqualTo("405");
    assertThat(container.path("Dir").asText()).isEqualTo("/tmp");
    assertThat(container.path("StopSignal").asText()).isEqualTo("SIGINT");
    assertThat(container.path("ReadOnly").asBoolean()).isTrue();
    assertThat(container.path("Init").asBoolean()).isTrue();
    assertThat(container.path("TTY").asBoolean()).isTrue();
    assertThat(container.path("OpenStdin").asBoolean()).isTrue();
    assertThat(container.path("Hosts")).extracting(JsonNode::asText).containsExactly("10.1.2.3 db.h4.local");
    assertThat(container.at("/DNSConfig/Nameservers")).extracting(JsonNode::asText).containsExactly("10.1.2.53");
    assertThat(container.at("/DNSConfig/Search")).extracting(JsonNode::asText).containsExactly("h4.example");
    assertThat(container.at("/DNSConfig/Options")).extracting(JsonNode::asText).containsExactly("ndots:2");
    assertThat(task.at("/LogDriver/Name").asText()).isEqualTo("json-file");
    assertThat(task.at("/LogDriver/Options/max-size").asText()).isEqualTo("1m");
    assertThat(task.at("/RestartPolicy/Condition").asText()).isEqualTo("on-failure");
    assertThat(task.at("/RestartPolicy/Delay").asLong()).isEqualTo(3_000_000_000L);
    assertThat(task.at("/RestartPolicy/MaxAttempts").asLong()).isEqualTo(4);
    assertThat(task.at("/RestartPolicy/Window").asLong()).isEqualTo(20_000_000_000L);
    assertThat(task.at("/Resources/Reservations/NanoCPUs").asLong()).isEqualTo(10_000_000L);
    assertThat(task.at("/Resources/Reservations/MemoryBytes").asLong()).isEqualTo(8L * 1024 * 1024);
    assertThat(task.at("/Networks/0/Aliases")).extracting(JsonNode::asText).containsExactly("app", "h4-web");
    assertThat(container.path("CapabilityAdd")).extracting(JsonNode::asText).containsExactly("CAP_NET_ADMIN");
    assertThat(container.path("CapabilityDrop")).extracting(JsonNode::asText).containsExactly("CAP_MKNOD");
    assertThat(container.at("/Sysctls/net.core.somaxconn").asText()).isEqualTo("1024");
    assertThat(container.path("Ulimits").toString()).isEqualTo("[{\"Name\":\"nofile\",\"Hard\":2048,\"Soft\":1024}]");
    assertThat(container.path("Groups")).extracting(JsonNode::asText).containsExactly("1234");
    assertThat(task.at("/Resources/Limits/Pids").asLong()).isEqualTo(64);
    String arch = docker("version", "--format", "{{.Server.Arch}}").strip();
    assertThat(task.at("/Placement/Platforms/0/OS").asText()).isEqualTo("linux");
    assertThat(task.at("/Placement/Platforms/0/Architecture").asText()).isEqualTo(arch);

    List<String> tasks = docker("ps", "-q", "--filter", "label=com.docker.swarm.service.name=" + STACK + "_app")
        .lines().filter(line -> !line.isBlank()).toList();
    assertThat(tasks).as("two running tasks").hasSize(2);
    JsonNode inspected = json(docker("inspect", tasks.get(0))).get(0);
    JsonNode made = inspected.path("Config");
    JsonNode host = inspected.path("HostConfig");
    assertThat(made.path("Hostname").asText()).isEqualTo("h4-app");
    assertThat(made.path("User").asText()).isEqualTo("405");
    assertThat(made.path("WorkingDir").asText()).isEqualTo("/tmp");
    assertThat(made.path("StopSignal").asText()).isEqualTo("SIGINT");
    assertThat(made.path("Tty").asBoolean()).isTrue();
    assertThat(made.path("OpenStdin").asBoolean()).isTrue();
    assertThat(host.path("ReadonlyRootfs").asBoolean()).isTrue();
    assertThat(host.path("Init").asBoolean()).isTrue();
    assertThat(host.path("Dns")).extracting(JsonNode::asText).containsExactly("10.1.2.53");
    assertThat(host.path("DnsSearch")).extracting(JsonNode::asText).containsExactly("h4.example");
    assertThat(host.path("DnsOptions")).extracting(JsonNode::asText).containsExactly("ndots:2");
    assertThat(host.at("/LogConfig/Type").asText()).isEqualTo("json-file");
    assertThat(host.at("/LogConfig/Config/max-file").asText()).isEqualTo("2");
    assertThat(host.path("CapAdd")).extracting(JsonNode::asText).containsExactly("CAP_NET_ADMIN");
    assertThat(host.path("CapDrop")).extracting(JsonNode::asText).containsExactly("CAP_MKNOD");
    assertThat(host.at("/Sysctls/net.core.somaxconn").asText()).isEqualTo("1024");
    assertThat(host.path("Ulimits").toString()).isEqualTo("[{\"Name\":\"nofile\",\"Hard\":2048,\"Soft\":1024}]");
    assertThat(host.path("PidsLimit").asLong()).isEqualTo(64);
    assertThat(host.path("GroupAdd")).extracting(JsonNode::asText).containsExactly("1234");
    // Reservations are the scheduler's: Docker 20.10 leaves the task container's MemoryReservation at 0.
    String id = tasks.get(0);
    // The trailing dot skips the search domain, whose unreachable server would only slow the lookup.
    assertThat(docker("exec", id, "nslookup", "h4-web.")).as("the network alias resolves on the stack's network")
        .contains("Name:\th4-web").doesNotContain("NXDOMAIN");
    assertThat(docker("exec", id, "cat", "/etc/hosts")).contains("10.1.2.3").contains("db.h4.local");
    assertThat(docker("exec", id, "hostname").strip()).isEqualTo("h4-app");
    assertThat(docker("exec", id, "touch", "/h4")).as("the root is read-only").contains("Read-only file system");
    assertThat(docker("exec", id, "cat", "/proc/sys/net/core/somaxconn").strip()).isEqualTo("1024");
    assertThat(docker("exec", id, "sh", "-c", "ulimit -n").strip()).isEqualTo("1024");
    assertThat(docker("exec", id, "id", "-G")).contains("1234");
  }

  @Test
  @Order(2)
  void aServiceReservingGenericResourcesWaitsForANodeThatHasThem() throws Exception {
    String service = STACK + "_gpu";
    JsonNode generic = json(docker("service", "inspect", service, "--format",
        "{{json .Spec.TaskTemplate.Resources.Reservations.GenericResources}}"));
    assertThat(generic.at("/0/DiscreteResourceSpec/Kind").asText()).isEqualTo("h6-gpu");
    assertThat(generic.at("/0/DiscreteResourceSpec/Value").asLong()).isEqualTo(2);

    docker("service", "scale", "--detach", service + "=1");
    String error = "";
    for (int i = 0; i < 40 && !error.contains("insufficient resources"); i++) {
      Thread.sleep(250);
      error = docker("service", "ps", "--no-trunc", "--format", "{{.CurrentState}} {{.Error}}", service);
    }
    assertThat(error).as("no node here advertises h6-gpu").startsWith("Pending").contains("insufficient resources");
  }

  @Test
  @Order(3)
  void aKeyTheTargetCannotSendIsRefusedBeforeTheServiceChanges() throws Exception {
    String before = docker("service", "inspect", STACK + "_app", "--format", "{{.Version.Index}}").strip();
    Path domain = Files.writeString(work.resolve("domainname.yaml"), Files.readString(work.resolve("compose.yaml"))
        .replace("    hostname: h4-app\n", "    hostname: h4-app\n    domainname: h6.example\n"));
    Path refusing = Files.writeString(work.resolve("refusing.yaml"),
        Files.readString(config).replace(work.resolve("compose.yaml").toString(), domain.toString()));

    Run run = TestStack.run("deploy", refusing, work, ENV, "--wait-timeout=60");

    assertThat(run.exitCode()).as(run.output()).isNotZero();
    assertThat(run.output()).contains(domain + ":6: services.app.domainname: not supported on the swarm target:"
        + " a Swarm service's container spec has a hostname but no domain name");
    assertThat(docker("service", "inspect", STACK + "_app", "--format", "{{.Version.Index}}").strip())
        .as("the service is as it was").isEqualTo(before);
  }

  @Test
  @Order(4)
  void aPlatformNoNodeRunsIsRefusedBeforeTheServiceChanges() throws Exception {
    String before = docker("service", "inspect", STACK + "_app", "--format", "{{.Version.Index}}").strip();
    String compose = Files.readString(work.resolve("compose.yaml"));
    Path other = Files.writeString(work.resolve("s390x.yaml"), compose.replaceAll("platform: linux/\\w+", "platform: linux/s390x"));
    Path refusing = Files.writeString(work.resolve("s390x-config.yaml"),
        Files.readString(config).replace(work.resolve("compose.yaml").toString(), other.toString()));
    int line = (int) compose.substring(0, compose.indexOf("platform: linux/")).lines().count();

    Run run = TestStack.run("deploy", refusing, work, ENV, "--wait-timeout=60");

    assertThat(run.exitCode()).as(run.output()).isNotZero();
    assertThat(run.output()).contains(other + ":" + line + ": services.app.platform: no ready, active node of the"
        + " swarm runs linux/s390x (its nodes: linux/" + docker("version", "--format", "{{.Server.Arch}}").strip() + ")");
    assertThat(docker("service", "inspect", STACK + "_app", "--format", "{{.Version.Index}}").strip())
        .as("the service is as it was").isEqualTo(before);
  }

  /**
   * A deploy scales a service scaled by hand back to compose.yaml's count (gpu, which the test
   * before scaled to 1), as docker stack deploy does; then a rollback on the swarm puts back the
   * file secret the release was deployed with: r1 runs with
   * the file saying "one", r2 after it says "two", and after the rollback the tasks read "one"
   * again (from r1's copy of the file) while the file itself still says "two".
   */
  @Test
  @Order(5)
  void aServiceScaledByHandIsScaledBackAndARollbackGivesTheTasksTheSecretFileTheReleaseHad() throws Exception {
    String compose = Files.readString(work.resolve("compose.yaml"));
    Path withSecret = Files.writeString(work.resolve("secret.yaml"), compose
        .replace("    init: true\n", "    init: true\n    secrets: [token]\n")
        + "secrets:\n  token:\n    file: ./token.txt\n");
    Path secretConfig = Files.writeString(work.resolve("secret-config.yaml"),
        Files.readString(config).replace(work.resolve("compose.yaml").toString(), withSecret.toString()));
    Path secret = work.resolve("token.txt");
    Files.writeString(secret, "one");
    Run first = TestStack.run("deploy-and-verify", secretConfig, work, ENV, "--probe-seconds=1", "--wait-timeout=90");
    assertThat(first.exitCode()).as(first.output()).isZero();
    assertThat(first.output()).as("gpu, scaled to 1 by hand in the test before").contains(STACK
        + "_gpu was scaled to 1 outside the deployer; compose.yaml asks for 0: scaled back");
    awaitTokens("one");

    Files.writeString(secret, "two");
    Run second = TestStack.run("deploy", secretConfig, work, ENV, "--wait-timeout=90");
    assertThat(second.exitCode()).as(second.output()).isZero();
    awaitTokens("two");

    Run rollback = TestStack.run("rollback", secretConfig, work, ENV, "--yes", "--reason", "h6 secret drill",
        "--wait-timeout=90");
    System.out.println("[h6] output of the swarm rollback:\n" + rollback.output());

    assertThat(rollback.exitCode()).as(rollback.output()).isZero();
    assertThat(rollback.output()).contains("secret token: the file as the release had it (its copy in the release)");
    awaitTokens("one");
    assertThat(Files.readString(secret)).as("the operator's file is left alone").isEqualTo("two");
  }

  /**
   * Every running task of app reads {@code value} as its secret, within 30 s: a task the update
   * replaced may take a moment to stop after the update is done.
   */
  private static void awaitTokens(String value) {
    Awaitility.await().atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> assertThat(tokens()).as("every running task of app").containsOnly(value));
  }

  /** The secret as each running task of app reads it (at least one task). */
  private static List<String> tokens() throws Exception {
    List<String> ids = docker("ps", "-q", "--filter", "label=com.docker.swarm.service.name=" + STACK + "_app",
        "--filter", "status=running").lines().filter(line -> !line.isBlank()).toList();
    assertThat(ids).isNotEmpty();
    List<String> tokens = new ArrayList<>();
    for (String id : ids) {
      tokens.add(docker("exec", id, "cat", "/run/secrets/token"));
    }
    return tokens;
  }

  /** The example stack's settings (every section the config needs) for this stack on the swarm target. */
  private static Path config(Path compose) throws IOException {
    String example = Files.readString(TestStack.repositoryRoot().resolve("examples/web-redis/deployment_config.yaml"));
    String text = example.substring(0, example.indexOf("  probes:")) + example.substring(example.indexOf("  monitoring:"));
    text = text.replace("project: example-web-redis", "project: " + STACK)
        .replace("compose_file: compose.yaml", "compose_file: " + compose)
        .replace("  ports:\n    web: 30080\n    redis: 30379\n", "  ports: {}\n")
        .replace("  variables: {}\n", "  variables: {}\n  target: swarm\n  swarm: {publish: edge, edge_image: haproxy:2.6}\n");
    assertThat(text).contains("project: " + STACK).contains("target: swarm").doesNotContain("30080");
    return Files.writeString(work.resolve("deployment_config.yaml"), text);
  }

  private static JsonNode json(String text) throws IOException {
    return ReportStore.json().readTree(text);
  }

  private static String docker(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return output;
  }
}
