package dev.deployer.infrastructure.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Service mounts and the top-level volumes and networks. */
class VolumesTest {

  private static final Map<String, String> ENV = Map.of("HOME", "/home/op");

  @Test
  void shortAndLongMounts() throws Exception {
    ComposeProject project = Fixtures.load("volumes/compose.yaml", ENV);
    Path dir = project.workingDir();

    assertThat(project.service("app").volumes())
        .containsExactly(
            new VolumeMount("volume", "data", "/data", false),
            new VolumeMount("volume", "data", "/data-ro", true),
            new VolumeMount("bind", dir.resolve("config").toString(), "/etc/app", true),
            new VolumeMount("bind", dir.getParent().resolve("shared").toString(), "/shared", false),
            new VolumeMount("bind", "/var/run/docker.sock", "/var/run/docker.sock", false),
            new VolumeMount("bind", "/home/op/cache", "/cache", false),
            new VolumeMount("volume", "", "/anonymous", false),
            new VolumeMount("bind", dir.resolve("logs").toString(), "/logs", true),
            new VolumeMount("volume", "cache", "/var/cache", false));
  }

  @Test
  void topLevelVolumesGetProjectScopedNames() throws Exception {
    ComposeProject project = Fixtures.load("volumes/compose.yaml", ENV);

    assertThat(project.name()).isEqualTo("volumes");
    assertThat(project.volumes())
        .containsEntry("data", new VolumeSpec("volumes_data", false, null, Map.of(), Map.of()))
        .containsEntry("cache", new VolumeSpec("shared-cache", false, "local", Map.of(), Map.of("purpose", "cache")))
        .containsEntry("outside", new VolumeSpec("outside", true, null, Map.of(), Map.of()));
  }

  @Test
  void networksIncludeTheImplicitDefault() throws Exception {
    ComposeProject project = Fixtures.load("volumes/compose.yaml", ENV);

    assertThat(project.networks())
        .containsEntry("back", new NetworkSpec("volumes_back", false, "bridge", Map.of(), Map.of("tier", "back"), false, false))
        .containsEntry("ext", new NetworkSpec("corp-net", true, null, Map.of(), Map.of(), false, false))
        .containsEntry("default", new NetworkSpec("volumes_default", false, null, Map.of(), Map.of(), false, false));
    assertThat(project.service("app").networks()).isEmpty();
    assertThat(project.service("app").effectiveNetworks()).containsExactly("default");
    assertThat(project.service("other").networks()).containsExactly("back");
  }

  @Test
  void undeclaredVolumeOrNetworkIsAnError() {
    ComposeException volume = Fixtures.failure("errors/undefined-volume.yaml");
    assertThat(volume.getMessage())
        .endsWith(
            "undefined-volume.yaml:5: services.db.volumes[0]: service 'db' refers to undefined volume 'dbdata'");

    ComposeException network = Fixtures.failure("errors/undefined-network.yaml");
    assertThat(network.key()).isEqualTo("services.db.networks[0]");
    assertThat(network.reason()).contains("undefined network 'back'");
  }

  @Test
  void externalVolumeCannotHaveADriver() {
    ComposeException e = Fixtures.failure("errors/external-with-driver.yaml");
    assertThat(e.key()).isEqualTo("volumes.data.driver");
    assertThat(e.reason()).contains("external volume 'data' cannot also set driver");
  }

  @Test
  void networksAndVolumesKeepEveryKeyTheEngineIsGiven() throws Exception {
    ComposeProject project = Fixtures.load("resources/compose.yaml");

    assertThat(project.networks().get("front")).isEqualTo(new NetworkSpec("resources_front", false, "bridge",
        Map.of("com.docker.network.bridge.enable_icc", "true", "com.docker.network.driver.mtu", "1400"),
        Map.of("tier", "front"), true, true));
    assertThat(project.networks().get("plain"))
        .isEqualTo(new NetworkSpec("resources_plain", false, null, Map.of(), Map.of(), false, false));
    assertThat(project.volumes().get("data")).isEqualTo(new VolumeSpec("resources_data", false, "local",
        Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=10m"), Map.of("backup", "daily")));
    assertThat(project.volumes().get("shared")).isEqualTo(new VolumeSpec("corp-shared", true, null, Map.of(), Map.of()));
  }

  @Test
  void theImplicitDefaultNetworkIsLeftOutWhenNoServiceJoinsIt() throws Exception {
    assertThat(Fixtures.load("resources/compose.yaml").networks()).containsOnlyKeys("front", "plain", "unused");
    // A service without networks joins the default one: it stays.
    assertThat(Fixtures.load("volumes/compose.yaml", ENV).networks()).containsKey("default");
  }

  /** A top-level network key a target may refuse loads with its place, for the target's checks to name. */
  @Test
  void aTopLevelNetworkKeyKeepsItsPlace() throws Exception {
    assertThat(Fixtures.load("errors/network-ipam.yaml").places().findTopLevel("networks.*.enable_ipv4"))
        .singleElement().satisfies(key -> {
          assertThat(key.value()).isEqualTo("false");
          assertThat(key.place().describe("x")).endsWith("network-ipam.yaml:7: networks.back.enable_ipv4: x");
        });
  }

  @Test
  void anExternalNetworkCannotSetWhatOnlyCreationApplies() {
    ComposeException e = Fixtures.failure("errors/external-internal.yaml");
    assertThat(e.getMessage()).endsWith("external-internal.yaml:8: networks.corp.internal: external network 'corp' "
        + "cannot also set internal (the engine does not create it)");
  }

  @Test
  void driverOptionsMustBeAMapping() {
    ComposeException e = Fixtures.failure("errors/volume-driver-opts-list.yaml");
    assertThat(e.key()).isEqualTo("volumes.data.driver_opts");
    assertThat(e.reason()).contains("must be a mapping");
  }
}
