package dev.deployer.infrastructure.spec;

import static dev.deployer.infrastructure.spec.SpecStack.exec;
import static dev.deployer.infrastructure.spec.SpecStack.inspect;
import static dev.deployer.infrastructure.spec.SpecStack.run;
import static dev.deployer.infrastructure.spec.SpecStack.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deployer.infrastructure.compose.ComposeLoader;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec "Services top-level elements", phase up: a file setting the container keys is loaded,
 * created and started on the real engine, and {@code docker inspect} shows each key applied.
 * Project specit-keys, host port 31080 on 127.0.0.1, network 172.31.240.0/24.
 */
class ContainerKeysIT {

  private static SpecStack stack;

  @BeforeAll
  static void up() throws Exception {
    stack = SpecStack.up(new ComposeLoader(Map.of("SPECIT_BLOCK_DEVICE", blockDevice()))
        .load(fixture("container-keys/compose.yaml"), Set.of()));
  }

  /** blkio_config limits need a block device of this host. */
  private static String blockDevice() {
    return java.util.stream.Stream.of("/dev/vda", "/dev/sda", "/dev/nvme0n1", "/dev/xvda")
        .filter(device -> Files.exists(Path.of(device)))
        .findFirst().orElseThrow(() -> new IllegalStateException("no block device for the blkio_config case"));
  }

  @AfterAll
  static void down() {
    if (stack != null) {
      stack.down();
    }
  }

  @Test
  void dbCarriesEveryContainerKey() throws Exception {
    JsonNode db = inspect("specit-keys-database");
    JsonNode config = db.path("Config");
    JsonNode host = db.path("HostConfig");

    assertThat(config.path("Hostname").asText()).isEqualTo("db");
    assertThat(config.path("Domainname").asText()).isEqualTo("example.test");
    assertThat(config.path("User").asText()).isEqualTo("1000:1000");
    assertThat(config.path("WorkingDir").asText()).isEqualTo("/tmp");
    assertThat(config.path("StopSignal").asText()).isEqualTo("SIGINT");
    assertThat(config.path("StopTimeout").asInt()).isEqualTo(7);
    assertThat(config.path("Labels").path("tier").asText()).isEqualTo("data");
    assertThat(config.path("ExposedPorts").has("5432/tcp")).isTrue();
    assertThat(config.path("ExposedPorts").has("9001/udp")).isTrue();
    // Engine 20.10 shows capabilities without the CAP_ prefix, later ones with it.
    assertThat(texts(host.path("CapAdd"))).singleElement().asString().endsWith("NET_ADMIN");
    assertThat(texts(host.path("CapDrop"))).singleElement().asString().endsWith("MKNOD");
    assertThat(host.path("ReadonlyRootfs").asBoolean()).isTrue();
    assertThat(host.path("Privileged").asBoolean()).isFalse();
    assertThat(texts(host.path("SecurityOpt"))).containsExactly("no-new-privileges:true");
    assertThat(host.path("Sysctls").path("net.core.somaxconn").asText()).isEqualTo("1024");
    assertThat(host.path("Ulimits").toString()).contains("\"Name\":\"nofile\",\"Hard\":2048,\"Soft\":1024")
        .contains("\"Name\":\"nproc\",\"Hard\":512,\"Soft\":512");
    assertThat(host.path("Tmpfs").path("/scratch").asText()).isEqualTo("size=65536");
    assertThat(host.path("ShmSize").asLong()).isEqualTo(128L * 1024 * 1024);
    assertThat(host.path("Init").asBoolean()).isTrue();
    assertThat(host.path("IpcMode").asText()).isEqualTo("shareable");
    assertThat(texts(host.path("ExtraHosts"))).containsExactly("legacy.internal:10.9.8.7");
    assertThat(texts(host.path("Dns"))).containsExactly("9.9.9.9");
    assertThat(texts(host.path("DnsSearch"))).containsExactly("example.test");
    assertThat(host.path("Memory").asLong()).isEqualTo(64L * 1024 * 1024);
    assertThat(host.path("MemoryReservation").asLong()).isEqualTo(32L * 1024 * 1024);
    assertThat(host.path("PidsLimit").asLong()).isEqualTo(100);
    assertThat(host.path("RestartPolicy").path("Name").asText()).isEqualTo("on-failure");
    assertThat(host.path("RestartPolicy").path("MaximumRetryCount").asInt()).isEqualTo(3);
  }

  @Test
  void dbLogsDevicesAndCpuScheduling() throws Exception {
    JsonNode host = inspect("specit-keys-database").path("HostConfig");

    assertThat(host.path("LogConfig").path("Type").asText()).isEqualTo("json-file");
    assertThat(host.path("LogConfig").path("Config").path("max-size").asText()).isEqualTo("1m");
    assertThat(host.path("LogConfig").path("Config").path("max-file").asText()).isEqualTo("2");
    assertThat(host.path("Devices").toString()).contains("\"PathOnHost\":\"/dev/zero\"")
        .contains("\"PathInContainer\":\"/dev/nothing\"").contains("\"CgroupPermissions\":\"r\"");
    assertThat(host.path("CpuShares").asInt()).isEqualTo(512);
    assertThat(host.path("CpuQuota").asLong()).isEqualTo(50000);
    assertThat(host.path("CpuPeriod").asLong()).isEqualTo(100000);
    assertThat(host.path("CpusetCpus").asText()).isEqualTo("0");
    assertThat(exec("specit-keys-database", "ls", "/dev/nothing")).isEqualTo("/dev/nothing\n");
  }

  /**
   * 05-services.md cgroup_parent, cgroup, group_add, mem_swappiness, memswap_limit,
   * oom_kill_disable, oom_score_adj, device_cgroup_rules, blkio_config, runtime, uts, userns_mode,
   * mac_address and label_file, together on one container.
   */
  @Test
  void tunedCarriesCgroupMemoryBlkioNamespaceAndMacKeys() throws Exception {
    JsonNode tuned = inspect("specit-keys-tuned");
    JsonNode host = tuned.path("HostConfig");
    JsonNode config = tuned.path("Config");
    String device = blockDevice();

    assertThat(tuned.path("State").path("Running").asBoolean()).isTrue();
    assertThat(host.path("CgroupParent").asText()).isEqualTo("/docker");
    assertThat(host.path("CgroupnsMode").asText()).isEqualTo("private");
    assertThat(texts(host.path("GroupAdd"))).containsExactly("1234", "5678");
    assertThat(host.path("MemorySwappiness").asLong()).isEqualTo(10);
    assertThat(host.path("MemorySwap").asLong()).isEqualTo(128L * 1024 * 1024);
    assertThat(host.path("OomKillDisable").asBoolean()).isTrue();
    assertThat(host.path("OomScoreAdj").asInt()).isEqualTo(300);
    assertThat(texts(host.path("DeviceCgroupRules"))).containsExactly("c 1:3 mr");
    assertThat(host.path("BlkioDeviceReadBps").toString())
        .isEqualTo("[{\"Path\":\"" + device + "\",\"Rate\":1048576}]");
    assertThat(host.path("BlkioDeviceReadIOps").toString()).isEqualTo("[{\"Path\":\"" + device + "\",\"Rate\":100}]");
    assertThat(host.path("BlkioDeviceWriteBps").toString())
        .isEqualTo("[{\"Path\":\"" + device + "\",\"Rate\":2097152}]");
    assertThat(host.path("BlkioDeviceWriteIOps").toString()).isEqualTo("[{\"Path\":\"" + device + "\",\"Rate\":50}]");
    assertThat(host.path("Runtime").asText()).isEqualTo("runc");
    assertThat(host.path("UTSMode").asText()).isEqualTo("host");
    assertThat(host.path("UsernsMode").asText()).isEqualTo("host");
    assertThat(config.path("MacAddress").asText()).isEqualTo("02:42:ac:1f:f1:63");
    assertThat(tuned.path("NetworkSettings").path("Networks").path("specit-keys_default").path("MacAddress").asText())
        .isEqualTo("02:42:ac:1f:f1:63");
    assertThat(config.path("Labels").path("tier").asText()).isEqualTo("tuned");
    assertThat(config.path("Labels").path("team").asText()).isEqualTo("platform");
    // The groups and the host's UTS namespace, as the process sees them.
    assertThat(exec("specit-keys-tuned", "id", "-G")).contains("1234").contains("5678");
    assertThat(exec("specit-keys-tuned", "hostname").strip())
        .isEqualTo(run("docker", "info", "--format", "{{.Name}}").strip());
  }

  /**
   * 05-services.md blkio_config.weight needs an I/O scheduler with cgroup weights. Where the
   * kernel has none, the engine would create the container and drop the weight with a warning;
   * the deployer removes it and fails instead. Either way no container runs without its weight.
   */
  @Test
  void aBlkioWeightIsAppliedOrTheContainerRefused(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("compose.yaml"), """
        name: specit-weight
        services:
          app:
            image: alpine:3.17
            command: ["sleep", "30"]
            network_mode: none
            blkio_config: {weight: 300}
        """);
    var project = new ComposeLoader(Map.of()).load(dir.resolve("compose.yaml"), Set.of());
    var service = project.service("app");
    var spec = dev.deployer.infrastructure.stack.ContainerSpecFactory.create(project, service, service.image(),
        service.configHash(), "specit");
    try {
      stack.engine().createContainer(spec);
      assertThat(inspect(spec.name()).path("HostConfig").path("BlkioWeight").asInt()).isEqualTo(300);
    } catch (dev.deployer.infrastructure.engine.EngineException e) {
      assertThat(e).hasMessageContaining("the engine cannot apply settings of container " + spec.name())
          .hasMessageContaining("Weight discarded");
      assertThat(run("docker", "ps", "-a", "-q", "--filter", "name=^" + spec.name() + "$")).isBlank();
    } finally {
      stack.engine().container(spec.name()).ifPresent(c -> stack.engine().removeContainer(c.id()));
    }
  }

  /** 06-build.md target: the classic builder stops at the named stage. */
  @Test
  void buildTargetStopsAtTheStage(@TempDir Path context) throws Exception {
    Files.writeString(context.resolve("Dockerfile"), """
        FROM alpine:3.17 AS runtime
        LABEL stage=runtime
        FROM runtime AS debug
        LABEL stage=debug
        """);
    String id = stack.engine().buildImage(context, "Dockerfile", "runtime", List.of("specit-keys-build:target"), Map.of(),
        Map.of(), line -> { });
    try {
      JsonNode image = new ObjectMapper().readTree(run("docker", "image", "inspect", id)).get(0);
      assertThat(image.path("Config").path("Labels").path("stage").asText()).isEqualTo("runtime");
    } finally {
      run("docker", "image", "rm", "-f", "specit-keys-build:target");
    }
  }

  @Test
  void dbMountsSecretsConfigsTmpfsAndBindModes() throws Exception {
    JsonNode db = inspect("specit-keys-database");
    String mounts = db.path("Mounts").toString();
    String binds = db.path("HostConfig").path("Binds").toString();
    String hostMounts = db.path("HostConfig").path("Mounts").toString();

    assertThat(mounts).contains("\"Destination\":\"/run/secrets/db_password\"")
        .contains("\"Destination\":\"/etc/proxy.conf\"");
    assertThat(binds).contains(":/data:ro,z");
    assertThat(hostMounts).contains("\"Type\":\"tmpfs\"").contains("\"SizeBytes\":1048576")
        .contains("\"NoCopy\":true");
    assertThat(exec("specit-keys-database", "cat", "/run/secrets/db_password")).isEqualTo("s3cr3t\n");
    assertThat(exec("specit-keys-database", "sh", "-c", "echo x > /run/secrets/db_password 2>&1 || echo refused"))
        .contains("refused");
  }

  @Test
  void networkAliasesStaticAddressAndLinks() throws Exception {
    JsonNode back = inspect("specit-keys-database").path("NetworkSettings").path("Networks").path("specit-keys_back");
    assertThat(texts(back.path("Aliases"))).contains("db", "database");
    assertThat(back.path("IPAMConfig").path("IPv4Address").asText()).isEqualTo("172.31.240.10");
    assertThat(back.path("IPAddress").asText()).isEqualTo("172.31.240.10");

    JsonNode web = inspect("specit-keys-web-1");
    // On a user-defined network the engine keeps links on the endpoint, not in HostConfig.
    assertThat(web.path("NetworkSettings").path("Networks").path("specit-keys_back").path("Links").toString())
        .contains("specit-keys-database:legacydb");
    assertThat(web.path("HostConfig").path("PortBindings").path("80/tcp").toString())
        .contains("\"HostIp\":\"127.0.0.1\"").contains("\"HostPort\":\"31080\"");
    assertThat(exec("specit-keys-web-1", "ping", "-c", "1", "-W", "1", "legacydb")).contains("172.31.240.10");
  }

  @Test
  void sidecarSharesTheDbNamespacesAndVolumes() throws Exception {
    JsonNode sidecar = inspect("specit-keys-sidecar-1");
    String dbId = inspect("specit-keys-database").path("Id").asText();

    // The engine resolves the container name it was given to the container's id.
    assertThat(sidecar.path("HostConfig").path("NetworkMode").asText()).isEqualTo("container:" + dbId);
    assertThat(sidecar.path("HostConfig").path("IpcMode").asText()).isEqualTo("container:" + dbId);
    assertThat(texts(sidecar.path("HostConfig").path("VolumesFrom"))).containsExactly("specit-keys-web-1:ro");
    assertThat(sidecar.path("Mounts").toString()).contains("\"Destination\":\"/shared\"");
    assertThat(exec("specit-keys-sidecar-1", "hostname")).isEqualTo("db\n");
  }

  static Path fixture(String relative) throws URISyntaxException {
    return Path.of(ContainerKeysIT.class.getResource("/spec/" + relative).toURI());
  }
}
