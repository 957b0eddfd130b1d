package dev.deployer.infrastructure.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.compose.NetworkSpec;
import dev.deployer.infrastructure.compose.VolumeSpec;
import dev.deployer.infrastructure.engine.NetworkConfig;
import dev.deployer.infrastructure.engine.VolumeConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the engine is asked to create for a top-level network or volume. */
class StackResourcesTest {

  @Test
  void aNetworkGetsTheFilesSettingsAndTheComposeLabels() {
    NetworkSpec spec = new NetworkSpec("shop_front", false, "bridge", Map.of("com.docker.network.driver.mtu", "1400"),
        Map.of("tier", "front", ComposeLabels.NETWORK, "forged"), true, true);

    assertThat(StackResources.network("shop", "front", spec)).isEqualTo(new NetworkConfig("shop_front", "bridge",
        Map.of("com.docker.network.driver.mtu", "1400"),
        Map.of("tier", "front", ComposeLabels.PROJECT, "shop", ComposeLabels.NETWORK, "front", ComposeLabels.VERSION,
            ComposeLabels.network("shop", "front").get(ComposeLabels.VERSION)), true, true));
  }

  @Test
  void aVolumeGetsItsDriverOptionsAndTheComposeLabels() {
    VolumeSpec spec = new VolumeSpec("shop_data", false, "local", Map.of("type", "tmpfs", "device", "tmpfs"),
        Map.of("backup", "daily"));

    VolumeConfig volume = StackResources.volume("shop", "data", spec);

    assertThat(volume).isEqualTo(new VolumeConfig("shop_data", "local", Map.of("type", "tmpfs", "device", "tmpfs"),
        Map.of("backup", "daily", ComposeLabels.PROJECT, "shop", ComposeLabels.VOLUME, "data",
            ComposeLabels.VERSION, ComposeLabels.volume("shop", "data").get(ComposeLabels.VERSION))));
  }

  @Test
  void anExistingNetworkFitsWhenDriverFlagsAndTheFilesOptionsMatch() {
    NetworkConfig wanted = new NetworkConfig("shop_front", null, Map.of("com.docker.network.driver.mtu", "1400"),
        Map.of(), false, false);
    NetworkConfig same = new NetworkConfig("shop_front", "bridge", Map.of("com.docker.network.driver.mtu", "1400",
        "added.by.engine", "x"), Map.of("other", "label"), false, false);
    NetworkConfig other = new NetworkConfig("shop_front", "macvlan", Map.of(), Map.of(), true, false);

    assertThat(StackResources.drift(wanted, same)).isEmpty();
    assertThat(StackResources.drift(wanted, other)).containsExactly("driver macvlan (the file: bridge)",
        "internal true (the file: false)", "option com.docker.network.driver.mtu unset (the file: 1400)");
  }

  @Test
  void anExistingVolumeFitsWhenItsDriverAndTheFilesOptionsMatch() {
    VolumeConfig wanted = new VolumeConfig("shop_data", null, Map.of(), Map.of());

    assertThat(StackResources.drift(wanted, new VolumeConfig("shop_data", "local", Map.of(), Map.of()))).isEmpty();
    assertThat(StackResources.drift(wanted, new VolumeConfig("shop_data", "nfs", Map.of(), Map.of())))
        .containsExactly("driver nfs (the file: local)");
  }
}
