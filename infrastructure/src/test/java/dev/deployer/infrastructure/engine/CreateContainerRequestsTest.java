package dev.deployer.infrastructure.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@link DockerEngine#createContainer} sends the engine, seen through a recording HTTP client. */
class CreateContainerRequestsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void bindsPortRangesAndSctpAsTheEngineApiExpects() throws Exception {
    Engine engine = new Engine("1.41");

    engine.docker.createContainer(spec(List.of(
        new ContainerSpec.PortBinding("", "8000-8002", 80, "tcp"),
        new ContainerSpec.PortBinding("127.0.0.1", "9000", 9000, "tcp"),
        new ContainerSpec.PortBinding("127.0.0.1", "9001", 9001, "tcp"),
        new ContainerSpec.PortBinding("", "", 3000, "tcp"),
        new ContainerSpec.PortBinding("", "5000", 5000, "sctp")), null, List.of(network("p_default"))));

    JsonNode create = engine.body("POST", "/containers/create");
    JsonNode bindings = create.path("HostConfig").path("PortBindings");
    assertThat(bindings.path("80/tcp").get(0).path("HostPort").asText()).isEqualTo("8000-8002");
    assertThat(bindings.path("80/tcp").get(0).path("HostIp").asText()).isEqualTo("0.0.0.0");
    assertThat(bindings.path("9000/tcp").get(0).path("HostIp").asText()).isEqualTo("127.0.0.1");
    assertThat(bindings.path("9001/tcp").get(0).path("HostPort").asText()).isEqualTo("9001");
    assertThat(bindings.path("3000/tcp").get(0).path("HostPort").asText()).as("ephemeral, as Compose does").isEmpty();
    assertThat(bindings.path("5000/sctp").get(0).path("HostPort").asText()).isEqualTo("5000");
    assertThat(create.path("ExposedPorts").has("5000/sctp")).isTrue();
    assertThat(create.path("ExposedPorts").has("5000/tcp")).isFalse();
  }

  @Test
  void createsOnTheFirstNetworkAndConnectsTheOthersBeforeStart() throws Exception {
    Engine engine = new Engine("1.41");

    String id = engine.docker.createContainer(spec(List.of(), null,
        List.of(network("p_front"), network("p_back"), network("corp"))));

    assertThat(id).isEqualTo("c0ffee");
    JsonNode create = engine.body("POST", "/containers/create");
    assertThat(create.path("HostConfig").path("NetworkMode").asText()).isEqualTo("p_front");
    assertThat(create.path("NetworkingConfig").path("EndpointsConfig").path("p_front").path("Aliases").get(0).asText())
        .isEqualTo("web");
    assertThat(engine.paths()).containsSubsequence("POST /containers/create", "POST /networks/p_back/connect",
        "POST /networks/corp/connect");
    JsonNode connect = engine.body("POST", "/networks/p_back/connect");
    assertThat(connect.path("Container").asText()).isEqualTo("c0ffee");
    assertThat(connect.path("EndpointConfig").path("Aliases").get(0).asText()).isEqualTo("web");
    assertThat(engine.paths()).noneMatch(path -> path.contains("/start"));
  }

  @Test
  void removesTheContainerWhenANetworkCannotBeJoined() {
    Engine engine = new Engine("1.41");
    engine.failing = "/networks/missing/connect";

    assertThatThrownBy(() -> engine.docker.createContainer(spec(List.of(), null,
        List.of(network("p_front"), network("missing")))))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("p-web-1").hasMessageContaining("missing");
    assertThat(engine.paths()).anyMatch(path -> path.startsWith("DELETE /containers/c0ffee"));
  }

  @Test
  void passesTheHealthcheckStartIntervalToAnEngineThatKnowsIt() throws Exception {
    Engine engine = new Engine("1.44");

    engine.docker.createContainer(spec(List.of(), health(), List.of(network("p_default"))));

    JsonNode check = engine.body("POST", "/containers/create").path("Healthcheck");
    assertThat(check.path("StartInterval").asLong()).isEqualTo(Duration.ofMillis(500).toNanos());
    assertThat(check.path("StartPeriod").asLong()).isEqualTo(Duration.ofSeconds(60).toNanos());
  }

  @Test
  void refusesAStartIntervalAnOlderEngineWouldSilentlyDrop() {
    Engine engine = new Engine("1.41");

    assertThatThrownBy(() -> engine.docker.createContainer(spec(List.of(), health(), List.of(network("p_default")))))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("/srv/p/compose.yaml: service web: healthcheck.start_interval")
        .hasMessageContaining("1.44").hasMessageContaining("API 1.41");
    assertThat(engine.paths()).noneMatch(path -> path.contains("/containers/create"));
  }

  @Test
  void sendsCgroupMemoryBlkioNamespaceAndMacSettings() throws Exception {
    Engine engine = new Engine("1.41");
    ContainerSpec.Blkio blkio = new ContainerSpec.Blkio(300,
        List.of(new ContainerSpec.DeviceValue("/dev/sda", 200)), List.of(new ContainerSpec.DeviceValue("/dev/sda", 1024)),
        List.of(), List.of(), List.of(new ContainerSpec.DeviceValue("/dev/sda", 50)));
    ContainerSpec.Options o = ContainerSpec.Options.NONE;
    ContainerSpec.Options options = new ContainerSpec.Options(o.hostname(), o.domainname(), o.user(), o.workingDir(),
        o.stopSignal(), o.stopTimeoutSeconds(), o.capAdd(), o.capDrop(), o.privileged(), o.readOnly(),
        o.securityOpt(), o.sysctls(), o.ulimits(), o.tmpfs(), o.shmSize(), o.init(), o.ipc(), o.pid(),
        o.extraHosts(), o.dns(), o.dnsSearch(), o.dnsOptions(), o.exposedPorts(), o.links(), o.volumesFrom(),
        o.memoryReservation(), o.pidsLimit(), o.logDriver(), o.logOptions(), o.devices(), o.cpuShares(),
        o.cpuQuota(), o.cpuPeriod(), o.cpusetCpus(), List.of("1234"), "runc", "host", "host", "02:42:ac:11:00:99",
        "/docker", "private", List.of("c 1:3 mr"), 10L, 256L, true, -200, blkio);
    ContainerSpec plain = spec(List.of(), null, List.of(network("p_default")));

    engine.docker.createContainer(new ContainerSpec(plain.name(), plain.image(), plain.entrypoint(), plain.command(),
        plain.environment(), plain.labels(), plain.ports(), plain.mounts(), plain.networks(), null, null, null, 128L,
        options));

    JsonNode create = engine.body("POST", "/containers/create");
    JsonNode host = create.path("HostConfig");
    assertThat(create.path("MacAddress").asText()).isEqualTo("02:42:ac:11:00:99");
    assertThat(host.path("GroupAdd").get(0).asText()).isEqualTo("1234");
    assertThat(host.path("Runtime").asText()).isEqualTo("runc");
    assertThat(host.path("UTSMode").asText()).isEqualTo("host");
    assertThat(host.path("UsernsMode").asText()).isEqualTo("host");
    assertThat(host.path("CgroupParent").asText()).isEqualTo("/docker");
    assertThat(host.path("CgroupnsMode").asText()).isEqualTo("private");
    assertThat(host.path("DeviceCgroupRules").get(0).asText()).isEqualTo("c 1:3 mr");
    assertThat(host.path("MemorySwappiness").asLong()).isEqualTo(10);
    assertThat(host.path("MemorySwap").asLong()).isEqualTo(256);
    assertThat(host.path("OomKillDisable").asBoolean()).isTrue();
    assertThat(host.path("OomScoreAdj").asInt()).isEqualTo(-200);
    assertThat(host.path("BlkioWeight").asInt()).isEqualTo(300);
    assertThat(host.path("BlkioWeightDevice").toString()).isEqualTo("[{\"Path\":\"/dev/sda\",\"Weight\":200}]");
    assertThat(host.path("BlkioDeviceReadBps").toString()).isEqualTo("[{\"Path\":\"/dev/sda\",\"Rate\":1024}]");
    assertThat(host.path("BlkioDeviceWriteIOps").toString()).isEqualTo("[{\"Path\":\"/dev/sda\",\"Rate\":50}]");
    assertThat(host.path("BlkioDeviceReadIOps").isEmpty()).isTrue();
  }

  @Test
  void leavesUnsetSettingsToTheEngine() throws Exception {
    Engine engine = new Engine("1.41");

    engine.docker.createContainer(spec(List.of(), null, List.of(network("p_default"))));

    // Sent as null, which the engine takes as its default.
    JsonNode create = engine.body("POST", "/containers/create");
    assertThat(create.path("MacAddress").isNull()).isTrue();
    for (String key : List.of("GroupAdd", "Runtime", "UTSMode", "UsernsMode", "CgroupParent", "CgroupnsMode",
        "DeviceCgroupRules", "MemorySwappiness", "MemorySwap", "OomKillDisable", "OomScoreAdj", "BlkioWeight",
        "BlkioWeightDevice", "BlkioDeviceReadBps", "BlkioDeviceWriteIOps")) {
      assertThat(create.path("HostConfig").path(key).isNull()).as(key).isTrue();
    }
  }

  @Test
  void removesAContainerWhoseSettingsTheEngineDiscarded() {
    Engine engine = new Engine("1.41");
    engine.createWarnings = "[\"Your kernel does not support Block I/O weight or the cgroup is not mounted."
        + " Weight discarded.\"]";

    assertThatThrownBy(() -> engine.docker.createContainer(spec(List.of(), null, List.of(network("p_default")))))
        .isInstanceOf(EngineException.class)
        .hasMessage("the engine cannot apply settings of container p-web-1: Your kernel does not support Block I/O"
            + " weight or the cgroup is not mounted. Weight discarded.");
    assertThat(engine.paths()).anyMatch(path -> path.startsWith("DELETE /containers/c0ffee"));
  }

  @Test
  void comparesApiVersionsNumerically() {
    assertThat(ApiVersions.compare("1.9", "1.44")).isNegative();
    assertThat(ApiVersions.compare("1.44", "1.44")).isZero();
    assertThat(ApiVersions.compare("1.45", "1.44")).isPositive();
    assertThat(ApiVersions.compare("2.0", "1.44")).isPositive();
  }

  private static ContainerSpec.Health health() {
    return new ContainerSpec.Health(List.of("CMD", "true"), Duration.ofSeconds(30), null, 3, Duration.ofSeconds(60),
        Duration.ofMillis(500));
  }

  private static ContainerSpec.Network network(String name) {
    return new ContainerSpec.Network(name, List.of("web"));
  }

  private static ContainerSpec spec(List<ContainerSpec.PortBinding> ports, ContainerSpec.Health health,
      List<ContainerSpec.Network> networks) {
    return new ContainerSpec("p-web-1", "alpine:3.17", List.of(), List.of(), Map.of(),
        Map.of("com.docker.compose.service", "web", "com.docker.compose.project.config_files", "/srv/p/compose.yaml"),
        ports, List.of(), networks, health, null, null, null);
  }

  /**
   * stdin_open, tty, platform, gpus and reserved devices, cpu_rt_*, storage_opt and annotations, as
   * Compose maps them: device requests with their driver, count (-1: all), ids, capabilities (an OR
   * list of AND lists) and options.
   */
  @Test
  void sendsTerminalPlatformDeviceRequestsRealTimeStorageAndAnnotations() throws Exception {
    Engine engine = new Engine("1.43");
    ContainerSpec.Extended extended = new ContainerSpec.Extended(true, true, "linux/arm64", List.of(
        new ContainerSpec.DeviceRequest(null, -1, List.of(), List.of(List.of("gpu")), Map.of()),
        new ContainerSpec.DeviceRequest("nvidia", 0, List.of("0", "GPU-3a"), List.of(List.of("gpu", "utility")),
            Map.of("virtualization", "false"))),
        950_000L, 1_000_000L, Map.of("size", "1G"), Map.of("com.example.team", "api"));

    engine.docker.createContainer(withOptions(optionsWith(extended, List.of())));

    JsonNode create = engine.body("POST", "/containers/create");
    JsonNode host = create.path("HostConfig");
    assertThat(create.path("OpenStdin").asBoolean()).isTrue();
    assertThat(create.path("Tty").asBoolean()).isTrue();
    assertThat(engine.fullPath("POST", "/containers/create")).contains("platform=linux%2Farm64");
    JsonNode all = host.path("DeviceRequests").get(0);
    assertThat(all.path("Count").asInt()).isEqualTo(-1);
    assertThat(all.path("Capabilities").toString()).isEqualTo("[[\"gpu\"]]");
    assertThat(all.has("DeviceIDs") && !all.path("DeviceIDs").isNull()).isFalse();
    JsonNode some = host.path("DeviceRequests").get(1);
    assertThat(some.path("Driver").asText()).isEqualTo("nvidia");
    assertThat(some.path("DeviceIDs").toString()).isEqualTo("[\"0\",\"GPU-3a\"]");
    assertThat(some.path("Capabilities").toString()).isEqualTo("[[\"gpu\",\"utility\"]]");
    assertThat(some.path("Options").path("virtualization").asText()).isEqualTo("false");
    assertThat(host.path("CpuRealtimeRuntime").asLong()).isEqualTo(950_000L);
    assertThat(host.path("CpuRealtimePeriod").asLong()).isEqualTo(1_000_000L);
    assertThat(host.path("StorageOpt").path("size").asText()).isEqualTo("1G");
    assertThat(host.path("Annotations").path("com.example.team").asText()).isEqualTo("api");
  }

  @Test
  void sendsNoTerminalPlatformOrDeviceRequestsWhenTheFileSetsNone() throws Exception {
    Engine engine = new Engine("1.41");

    engine.docker.createContainer(spec(List.of(), null, List.of(network("p_default"))));

    JsonNode create = engine.body("POST", "/containers/create");
    assertThat(create.path("OpenStdin").asBoolean()).isFalse();
    assertThat(create.path("Tty").asBoolean()).isFalse();
    assertThat(engine.fullPath("POST", "/containers/create")).doesNotContain("platform");
    assertThat(create.path("HostConfig").path("DeviceRequests").isMissingNode()
        || create.path("HostConfig").path("DeviceRequests").isNull()).isTrue();
  }

  /** external_links: a container outside the project, as {@code name:alias}. */
  @Test
  void linksAContainerOutsideTheProject() throws Exception {
    Engine engine = new Engine("1.41");

    engine.docker.createContainer(withOptions(optionsWith(ContainerSpec.Extended.NONE, List.of("legacy-db:db"))));

    assertThat(engine.body("POST", "/containers/create").path("HostConfig").path("Links").get(0).asText())
        .isEqualTo("legacy-db:db");
  }

  /**
   * docker-java builds the create request's endpoint itself, without link-local or MAC addresses:
   * the container leaves that network and joins it again with them, before it starts.
   */
  @Test
  void joinsTheFirstNetworkAgainWithItsLinkLocalAndMacAddresses() throws Exception {
    Engine engine = new Engine("1.44");
    ContainerSpec.Network back = new ContainerSpec.Network("p_back", List.of("web"), "172.31.241.10", null,
        List.of("169.254.10.10"), "02:42:ac:1f:f1:0a");
    ContainerSpec.Network front = new ContainerSpec.Network("p_front", List.of("web"), null, null,
        List.of("169.254.20.20"), null);

    engine.docker.createContainer(spec(List.of(), null, List.of(back, front)));

    assertThat(engine.paths()).containsSubsequence("POST /containers/create", "POST /networks/p_back/disconnect",
        "POST /networks/p_back/connect", "POST /networks/p_front/connect");
    JsonNode primary = engine.body("POST", "/networks/p_back/connect").path("EndpointConfig");
    assertThat(primary.path("IPAMConfig").path("IPv4Address").asText()).isEqualTo("172.31.241.10");
    assertThat(primary.path("IPAMConfig").path("LinkLocalIPs").toString()).isEqualTo("[\"169.254.10.10\"]");
    assertThat(primary.path("MacAddress").asText()).isEqualTo("02:42:ac:1f:f1:0a");
    assertThat(engine.body("POST", "/networks/p_front/connect").path("EndpointConfig").path("IPAMConfig")
        .path("LinkLocalIPs").toString()).isEqualTo("[\"169.254.20.20\"]");
  }

  /** On a user-defined network the create request's endpoint carries the links: joining again keeps them. */
  @Test
  void joinsTheFirstNetworkAgainWithItsLinks() throws Exception {
    Engine engine = new Engine("1.41");
    ContainerSpec plain = withOptions(optionsWith(ContainerSpec.Extended.NONE, List.of("legacy-db:db")));
    ContainerSpec.Network back = new ContainerSpec.Network("p_back", List.of("web"), null, null,
        List.of("169.254.10.10"), null);

    engine.docker.createContainer(new ContainerSpec(plain.name(), plain.image(), plain.entrypoint(), plain.command(),
        plain.environment(), plain.labels(), plain.ports(), plain.mounts(), List.of(back), null, null, null, null,
        plain.options()));

    assertThat(engine.body("POST", "/containers/create").path("NetworkingConfig").path("EndpointsConfig")
        .path("p_back").path("Links").get(0).asText()).isEqualTo("legacy-db:db");
    assertThat(engine.body("POST", "/networks/p_back/connect").path("EndpointConfig").path("Links").get(0).asText())
        .isEqualTo("legacy-db:db");
  }

  @Test
  void leavesTheFirstNetworkAloneWithoutLinkLocalOrMacAddresses() throws Exception {
    Engine engine = new Engine("1.41");

    engine.docker.createContainer(spec(List.of(), null, List.of(network("p_front"), network("p_back"))));

    assertThat(engine.paths()).noneMatch(path -> path.contains("disconnect"));
    assertThat(engine.body("POST", "/networks/p_back/connect").path("EndpointConfig").path("IPAMConfig").isEmpty())
        .isTrue();
  }

  private static ContainerSpec.Options optionsWith(ContainerSpec.Extended extended, List<String> links) {
    ContainerSpec.Options o = ContainerSpec.Options.NONE;
    return new ContainerSpec.Options(o.hostname(), o.domainname(), o.user(), o.workingDir(), o.stopSignal(),
        o.stopTimeoutSeconds(), o.capAdd(), o.capDrop(), o.privileged(), o.readOnly(), o.securityOpt(), o.sysctls(),
        o.ulimits(), o.tmpfs(), o.shmSize(), o.init(), o.ipc(), o.pid(), o.extraHosts(), o.dns(), o.dnsSearch(),
        o.dnsOptions(), o.exposedPorts(), links, o.volumesFrom(), o.memoryReservation(), o.pidsLimit(),
        o.logDriver(), o.logOptions(), o.devices(), o.cpuShares(), o.cpuQuota(), o.cpuPeriod(), o.cpusetCpus(),
        o.groupAdd(), o.runtime(), o.uts(), o.usernsMode(), o.macAddress(), o.cgroupParent(), o.cgroupns(),
        o.deviceCgroupRules(), o.memorySwappiness(), o.memorySwap(), o.oomKillDisable(), o.oomScoreAdj(), o.blkio(),
        extended);
  }

  private static ContainerSpec withOptions(ContainerSpec.Options options) {
    ContainerSpec plain = spec(List.of(), null, List.of(network("p_default")));
    return new ContainerSpec(plain.name(), plain.image(), plain.entrypoint(), plain.command(), plain.environment(),
        plain.labels(), plain.ports(), plain.mounts(), plain.networks(), null, null, null, null, options);
  }

  /** A {@link DockerEngine} on an HTTP client that records each request and answers like a Docker engine. */
  private static final class Engine {
    final List<String[]> requests = new ArrayList<>();
    final DockerEngine docker;
    String failing;
    String createWarnings = "[]";

    Engine(String apiVersion) {
      DockerHttpClient http = new DockerHttpClient() {
        @Override
        public Response execute(Request request) {
          String body = request.bodyBytes() == null ? "" : new String(request.bodyBytes(), StandardCharsets.UTF_8);
          requests.add(new String[] {request.method() + " " + request.path().replaceFirst("\\?.*", ""), body,
              request.path()});
          if (request.path().startsWith(String.valueOf(failing))) {
            return HttpResponses.json(404, "{\"message\":\"network not found\"}");
          }
          if (request.path().startsWith("/version")) {
            return HttpResponses.json(200, "{\"ApiVersion\":\"" + apiVersion + "\",\"Version\":\"test\"}");
          }
          if (request.path().startsWith("/containers/create")) {
            return HttpResponses.json(201, "{\"Id\":\"c0ffee\",\"Warnings\":" + createWarnings + "}");
          }
          return HttpResponses.json(request.method().equals("DELETE") ? 204 : 200, "");
        }

        @Override
        public void close() {}
      };
      DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
          .withDockerHost("unix:///var/run/docker.sock").build();
      docker = new DockerEngine(DockerClientImpl.getInstance(config, http), "unix:///var/run/docker.sock");
    }

    List<String> paths() {
      return requests.stream().map(r -> r[0]).toList();
    }

    /** The first such request's path with its query. */
    String fullPath(String method, String path) {
      return requests.stream().filter(r -> r[0].startsWith(method + " " + path)).map(r -> r[2]).findFirst()
          .orElseThrow(() -> new AssertionError("no " + method + " " + path + " in " + paths()));
    }

    JsonNode body(String method, String path) throws IOException {
      for (String[] request : requests) {
        if (request[0].startsWith(method + " " + path)) {
          return JSON.readTree(request[1]);
        }
      }
      throw new AssertionError("no " + method + " " + path + " in " + paths());
    }
  }
}
