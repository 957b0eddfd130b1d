package dev.deployer.infrastructure.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.RestartPolicy;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Changes to an existing container of the docker-java engine: what a created container gets before
 * it starts (its networks' endpoints, its secrets' and configs' files), its name, its restart policy.
 */
final class DockerContainerUpdates {

  private final DockerClient client;
  private final EngineCalls calls;

  DockerContainerUpdates(DockerClient client, EngineCalls calls) {
    this.client = client;
    this.calls = calls;
  }

  /**
   * Joins the container's networks with their endpoints: docker-java builds the first network's
   * endpoint itself, without link-local or MAC addresses, so it is joined again with them; like
   * Compose, the others are joined before the container starts.
   */
  void joinNetworks(String id, ContainerSpec spec) {
    ContainerSpec.Network primary = spec.networks().get(0);
    List<ContainerSpec.Network> joins = new ArrayList<>(spec.networks().subList(1, spec.networks().size()));
    if (ContainerRequests.needsOwnEndpoint(primary)) {
      try {
        calls.run(() -> client.disconnectFromNetworkCmd().withNetworkId(primary.name()).withContainerId(id).exec());
      } catch (DockerException e) {
        throw new EngineException("cannot set the endpoint of container " + spec.name() + " on network "
            + primary.name() + ": " + e.getMessage(), e);
      }
      joins.add(0, primary);
    }
    for (ContainerSpec.Network network : joins) {
      ContainerNetwork endpoint = network == primary ? ContainerRequests.primaryEndpoint(spec)
          : ContainerRequests.endpoint(network);
      try {
        calls.run(() -> client.connectToNetworkCmd().withNetworkId(network.name()).withContainerId(id)
            .withContainerNetwork(endpoint).exec());
      } catch (DockerException e) {
        throw new EngineException("cannot connect container " + spec.name() + " to network " + network.name()
            + ": " + e.getMessage(), e);
      }
    }
  }

  /** Writes the container's secrets and configs from environment or content sources into it. */
  void writeFiles(String id, ContainerSpec spec) {
    if (spec.files().isEmpty()) {
      return;
    }
    try {
      byte[] tar = ContainerFiles.tar(spec.files());
      calls.run(() -> client.copyArchiveToContainerCmd(id).withRemotePath("/").withCopyUIDGID(true)
          .withTarInputStream(new ByteArrayInputStream(tar)).exec());
    } catch (DockerException e) {
      throw new EngineException("cannot write the secrets and configs of container " + spec.name() + ": "
          + e.getMessage(), e);
    }
  }

  void rename(String id, String name) {
    try {
      calls.run(() -> client.renameContainerCmd(id).withName(name).exec());
    } catch (ConflictException e) {
      throw new EngineException("cannot rename container " + id + " to " + name + ": a container of that name exists", e);
    } catch (DockerException e) {
      throw new EngineException("cannot rename container " + id + " to " + name + ": " + e.getMessage(), e);
    }
  }

  /** Sets the restart policy ({@code always}, {@code on-failure:3}...; null or blank for none). */
  void restartPolicy(String id, String restartPolicy) {
    RestartPolicy policy = updatePolicy(restartPolicy);
    try {
      calls.run(() -> client.updateContainerCmd(id).withRestartPolicy(policy).exec());
    } catch (DockerException e) {
      throw new EngineException("cannot set the restart policy of container " + id + ": " + e.getMessage(), e);
    }
  }

  /**
   * The policy for an update, where the engine keeps the current policy when the name is empty:
   * docker-java's {@code noRestart()} (and {@code parse("no")}) has an empty name, fine for a create
   * (none is the default) but a silent no-op for an update; so "no" is spelled out.
   */
  static RestartPolicy updatePolicy(String restartPolicy) {
    RestartPolicy parsed = restartPolicy == null || restartPolicy.isBlank()
        ? RestartPolicy.noRestart() : RestartPolicy.parse(restartPolicy);
    if (parsed.getName() != null && !parsed.getName().isEmpty()) {
      return parsed;
    }
    return new ObjectMapper().convertValue(Map.of("Name", "no", "MaximumRetryCount", 0), RestartPolicy.class);
  }
}
