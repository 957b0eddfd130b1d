package dev.deployer.infrastructure.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateNetworkCmd;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link DockerEngine}'s networks and volumes: created with the file's settings, listed by label, removed. */
final class DockerResources {

  private final DockerClient client;
  private final EngineCalls calls;

  DockerResources(DockerClient client, EngineCalls calls) {
    this.client = client;
    this.calls = calls;
  }

  boolean ensureNetwork(NetworkConfig network) {
    if (network(network.name()).isPresent()) {
      return false;
    }
    try {
      CreateNetworkCmd create = client.createNetworkCmd().withName(network.name()).withDriver(network.driver())
          .withOptions(network.options()).withLabels(network.labels()).withInternal(network.internal())
          .withAttachable(network.attachable()).withCheckDuplicate(true);
      if (network.enableIpv6()) {
        create.withEnableIpv6(true);
      }
      if (network.ipamDriver() != null || !network.pools().isEmpty()) {
        create.withIpam(new Network.Ipam().withDriver(network.ipamDriver()).withConfig(network.pools().stream()
            .map(pool -> new Network.Ipam.Config().withSubnet(pool.subnet()).withIpRange(pool.ipRange())
                .withGateway(pool.gateway()))
            .toList()));
      }
      calls.call(create::exec);
      return true;
    } catch (ConflictException e) {
      return false;
    }
  }

  Optional<NetworkConfig> network(String name) {
    // The name filter matches substrings: keep the exact name only.
    return calls.call(() -> client.listNetworksCmd().withNameFilter(name).exec()).stream()
        .filter(network -> network.getName().equals(name)).findFirst()
        .map(network -> new NetworkConfig(network.getName(), network.getDriver(), network.getOptions(),
            network.getLabels(), Boolean.TRUE.equals(network.getInternal()),
            Boolean.TRUE.equals(network.isAttachable())));
  }

  boolean ensureVolume(VolumeConfig volume) {
    try {
      calls.call(() -> client.inspectVolumeCmd(volume.name()).exec());
      return false;
    } catch (NotFoundException e) {
      // Engine 20.10 refuses a create without a driver ("driver was not specified"): local is its default.
      String driver = volume.driver() == null || volume.driver().isBlank() ? "local" : volume.driver();
      calls.call(() -> client.createVolumeCmd().withName(volume.name()).withDriver(driver)
          .withDriverOpts(volume.driverOpts()).withLabels(volume.labels()).exec());
      return true;
    }
  }

  Optional<VolumeConfig> volume(String name) {
    try {
      var volume = calls.call(() -> client.inspectVolumeCmd(name).exec());
      return Optional.of(new VolumeConfig(volume.getName(), volume.getDriver(), volume.getOptions(), volume.getLabels()));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  void removeNetwork(String name) {
    try {
      calls.call(() -> client.removeNetworkCmd(name).exec());
    } catch (NotFoundException e) {
      // already gone
    }
  }

  void removeVolume(String name) {
    try {
      calls.call(() -> client.removeVolumeCmd(name).exec());
    } catch (NotFoundException e) {
      // already gone
    }
  }

  List<String> networks(Map<String, String> labels) {
    return calls.call(() -> client.listNetworksCmd().withFilter("label", DockerEngine.labelFilters(labels)).exec())
        .stream().map(Network::getName).sorted().toList();
  }

  List<String> volumes(Map<String, String> labels) {
    var response = calls.call(() -> client.listVolumesCmd()
        .withFilter("label", DockerEngine.labelFilters(labels)).exec());
    if (response.getVolumes() == null) {
      return List.of();
    }
    return response.getVolumes().stream().map(v -> v.getName()).sorted().toList();
  }
}
