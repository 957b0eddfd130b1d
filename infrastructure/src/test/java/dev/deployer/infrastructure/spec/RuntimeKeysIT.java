package dev.deployer.infrastructure.spec;

import static dev.deployer.infrastructure.spec.SpecStack.exec;
import static dev.deployer.infrastructure.spec.SpecStack.inspect;
import static dev.deployer.infrastructure.spec.SpecStack.run;
import static dev.deployer.infrastructure.spec.SpecStack.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.infrastructure.compose.ComposeLoader;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerSpec;
import dev.deployer.infrastructure.engine.EngineException;
import dev.deployer.infrastructure.stack.ContainerSpecFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec "Services top-level elements", phase up: stdin_open, tty, platform, external_links and the
 * per-network link_local_ips and priority, created and started on the real engine, and {@code
 * docker inspect} shows each applied; cpu_rt_*, storage_opt and platform against what this engine
 * can do. Project h1-keys, networks 172.31.241.0/24 and 172.31.242.0/24 (h1-keys-ext, external,
 * with the container h1-keys-legacy on it).
 */
class RuntimeKeysIT {

  private static final String EXTERNAL = "h1-keys-ext";
  private static final String LEGACY = "h1-keys-legacy";

  private static SpecStack stack;

  @BeforeAll
  static void up() throws Exception {
    removeOutsiders();
    run("docker", "network", "create", "--subnet", "172.31.242.0/24", EXTERNAL);
    run("docker", "run", "-d", "--name", LEGACY, "--network", EXTERNAL, "--ip", "172.31.242.5", "alpine:3.17",
        "sleep", "300");
    stack = SpecStack.up(new ComposeLoader(Map.of()).load(ContainerKeysIT.fixture("runtime-keys/compose.yaml"),
        Set.of()));
  }

  @AfterAll
  static void down() throws Exception {
    if (stack != null) {
      stack.down();
    }
    removeOutsiders();
  }

  private static void removeOutsiders() throws Exception {
    run("docker", "rm", "-f", LEGACY);
    run("docker", "network", "rm", EXTERNAL);
  }

  /** A shell with its standard input open and a terminal keeps running, as with docker run -it. */
  @Test
  void stdinOpenAndTtyKeepTheImagesShellRunning() throws Exception {
    JsonNode app = inspect("h1-keys-app-1");

    assertThat(app.path("Config").path("OpenStdin").asBoolean()).isTrue();
    assertThat(app.path("Config").path("Tty").asBoolean()).isTrue();
    assertThat(app.path("Config").path("Cmd").toString()).contains("/bin/sh");
    assertThat(app.path("State").path("Running").asBoolean()).isTrue();
    // The container's own process reads from a terminal (an exec'd one would get none without -t).
    assertThat(exec("h1-keys-app-1", "readlink", "/proc/1/fd/0")).startsWith("/dev/pts/");
  }

  /**
   * priority: the highest network is the one the container is created on, so external_links (which
   * the engine keeps on that endpoint of a user-defined network) reach the container outside the
   * project by its alias.
   */
  @Test
  void theHighestPriorityNetworkComesFirstAndCarriesTheExternalLink() throws Exception {
    JsonNode app = inspect("h1-keys-app-1");
    JsonNode networks = app.path("NetworkSettings").path("Networks");

    assertThat(app.path("HostConfig").path("NetworkMode").asText()).isEqualTo(EXTERNAL);
    assertThat(networks.path(EXTERNAL).path("Links").toString()).contains(LEGACY + ":legacydb");
    assertThat(exec("h1-keys-app-1", "ping", "-c", "1", "-W", "1", "legacydb")).contains("172.31.242.5");
  }

  /**
   * link_local_ips on a network joined after creation, and on the one it was created on (joined
   * again with them, keeping its links: the external link above goes through it).
   */
  @Test
  void linkLocalAddressesAreOnTheEndpointAndTheInterface() throws Exception {
    JsonNode appNetworks = inspect("h1-keys-app-1").path("NetworkSettings").path("Networks");
    assertThat(texts(appNetworks.path("h1-keys_back").path("IPAMConfig").path("LinkLocalIPs")))
        .containsExactly("169.254.10.10");
    assertThat(texts(appNetworks.path(EXTERNAL).path("IPAMConfig").path("LinkLocalIPs")))
        .containsExactly("169.254.30.30");
    assertThat(exec("h1-keys-app-1", "ip", "-4", "addr")).contains("169.254.10.10").contains("169.254.30.30");

    JsonNode solo = inspect("h1-keys-solo-1");
    JsonNode soloBack = solo.path("NetworkSettings").path("Networks").path("h1-keys_back");
    assertThat(solo.path("HostConfig").path("NetworkMode").asText()).isEqualTo("h1-keys_back");
    assertThat(texts(soloBack.path("IPAMConfig").path("LinkLocalIPs"))).containsExactly("169.254.20.20");
    assertThat(soloBack.path("IPAddress").asText()).isEqualTo("172.31.241.20");
    assertThat(texts(soloBack.path("Aliases"))).contains("solo");
    assertThat(exec("h1-keys-solo-1", "ip", "-4", "addr")).contains("169.254.20.20").contains("172.31.241.20");
  }

  /** platform goes with the create request: the engine takes the image's own, and names another. */
  @Test
  void thePlatformIsSentWithTheCreateRequest(@TempDir Path dir) throws Exception {
    String own = run("docker", "image", "inspect", "alpine:3.17", "--format", "{{.Os}}/{{.Architecture}}").strip();
    assertThat(stack.engine().imageConfig("alpine:3.17").orElseThrow().platform()).isEqualTo(own);
    assertThat(inspect("h1-keys-app-1").path("Platform").asText()).isEqualTo("linux");

    String other = own.endsWith("/arm64") ? "linux/amd64" : "linux/arm64";
    ContainerSpec spec = single(dir, "h1-keys-other", "platform: " + other);
    try {
      assertThatThrownBy(() -> stack.engine().createContainer(spec))
          .isInstanceOf(EngineException.class)
          .hasMessageContaining("on platform " + other)
          .hasMessageContaining("does not match the specified platform: wanted " + other + ", actual: " + own);
    } finally {
      removeIfPresent(spec.name());
    }
  }

  /**
   * What the engine-aware rules read, as this engine reports it; and real-time CPU on a cgroup v1
   * engine reaches HostConfig (the container is only created: it starts only where dockerd was
   * given a real-time budget with --cpu-rt-runtime).
   */
  @Test
  void realTimeCpuReachesTheEngineOnCgroupV1(@TempDir Path dir) throws Exception {
    ContainerEngine.EngineInfo info = stack.engine().info();
    assertThat(info.runtimes()).contains("runc");
    assertThat(info.storageDriver()).isNotBlank();
    assertThat(info.cgroupVersion()).isIn("1", "2");
    org.junit.jupiter.api.Assumptions.assumeTrue("1".equals(info.cgroupVersion()), "real-time CPU needs cgroup v1");

    ContainerSpec spec = single(dir, "h1-keys-rt", "cpu_rt_runtime: 1000\n    cpu_rt_period: 1000000");
    try {
      stack.engine().createContainer(spec);
      JsonNode host = inspect(spec.name()).path("HostConfig");
      assertThat(host.path("CpuRealtimeRuntime").asLong()).isEqualTo(1000);
      assertThat(host.path("CpuRealtimePeriod").asLong()).isEqualTo(1_000_000);
    } finally {
      removeIfPresent(spec.name());
    }
  }

  /**
   * storage_opt: the engine takes a size only where its driver can limit a layer; the rule reads
   * the same driver and backing filesystem from the engine's info, and the engine agrees with it.
   */
  @Test
  void aStorageSizeIsTakenOnlyWhereTheEnginesDriverCanLimitIt(@TempDir Path dir) throws Exception {
    ContainerEngine.EngineInfo info = stack.engine().info();
    ContainerSpec spec = single(dir, "h1-keys-storage", "storage_opt: {size: 1G}");
    boolean sized = Set.of("devicemapper", "btrfs", "zfs").contains(info.storageDriver())
        || ("overlay2".equals(info.storageDriver()) && "xfs".equals(info.driverStatus().get("Backing Filesystem")));
    try {
      if (sized) {
        stack.engine().createContainer(spec);
        assertThat(inspect(spec.name()).path("HostConfig").path("StorageOpt").path("size").asText()).isEqualTo("1G");
      } else {
        assertThat(info.driverStatus()).containsKey("Backing Filesystem");
        assertThatThrownBy(() -> stack.engine().createContainer(spec)).hasMessageContaining("storage-opt");
      }
    } finally {
      removeIfPresent(spec.name());
    }
  }

  private static ContainerSpec single(Path dir, String name, String keys) throws Exception {
    Path file = Files.writeString(dir.resolve("compose.yaml"), """
        name: %s
        services:
          app:
            image: alpine:3.17
            container_name: %s
            command: ["sleep", "30"]
            network_mode: none
            %s
        """.formatted(name, name, keys));
    ComposeProject project = new ComposeLoader(Map.of()).load(file, Set.of());
    var service = project.service("app");
    return ContainerSpecFactory.create(project, service, service.image(), service.configHash(), "specit");
  }

  private static void removeIfPresent(String name) {
    stack.engine().container(name).ifPresent(c -> stack.engine().removeContainer(c.id()));
  }
}
