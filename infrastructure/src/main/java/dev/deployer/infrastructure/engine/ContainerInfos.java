package dev.deployer.infrastructure.engine;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns docker-java's inspect response into the engine-neutral {@link ContainerInfo}. */
final class ContainerInfos {

  private ContainerInfos() {}

  static ContainerInfo from(InspectContainerResponse inspect) {
    InspectContainerResponse.ContainerState state = inspect.getState();
    String health = state.getHealth() == null ? null : state.getHealth().getStatus();
    Map<String, String> labels = inspect.getConfig().getLabels() == null ? Map.of() : inspect.getConfig().getLabels();
    String name = inspect.getName().startsWith("/") ? inspect.getName().substring(1) : inspect.getName();
    return new ContainerInfo(inspect.getId(), name, inspect.getConfig().getImage(), inspect.getImageId(),
        Map.copyOf(labels), state.getStatus(), health,
        state.getExitCodeLong() == null ? 0 : state.getExitCodeLong().intValue(),
        inspect.getRestartCount() == null ? 0 : inspect.getRestartCount(),
        Boolean.TRUE.equals(state.getOOMKilled()), startedAt(state.getStartedAt()), ports(inspect));
  }

  private static Instant startedAt(String text) {
    try {
      return text == null || text.startsWith("0001") ? null : Instant.parse(text);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static List<ContainerSpec.PublishedPort> ports(InspectContainerResponse inspect) {
    List<ContainerSpec.PublishedPort> result = new ArrayList<>();
    Ports bindings = inspect.getHostConfig() == null ? null : inspect.getHostConfig().getPortBindings();
    if (bindings == null || bindings.getBindings() == null) {
      return result;
    }
    for (Map.Entry<ExposedPort, Ports.Binding[]> entry : bindings.getBindings().entrySet()) {
      if (entry.getValue() == null) {
        continue;
      }
      for (Ports.Binding binding : entry.getValue()) {
        String hostPort = binding.getHostPortSpec();
        if (hostPort == null || hostPort.isEmpty() || hostPort.contains("-")) {
          hostPort = boundPort(inspect, entry.getKey(), hostPort);
        }
        result.add(new ContainerSpec.PublishedPort(binding.getHostIp() == null ? "" : binding.getHostIp(),
            hostPort == null || hostPort.isEmpty() ? 0 : Integer.parseInt(hostPort),
            entry.getKey().getPort(), entry.getKey().getProtocol().toString()));
      }
    }
    result.sort(java.util.Comparator.comparingInt(ContainerSpec.PublishedPort::containerPort));
    return result;
  }

  /**
   * For an ephemeral host port ("") or a range ("8000-8002"), the port the engine picked; while
   * not running, none for an ephemeral one and the first of a range.
   */
  private static String boundPort(InspectContainerResponse inspect, ExposedPort port, String spec) {
    Ports bound = inspect.getNetworkSettings() == null ? null : inspect.getNetworkSettings().getPorts();
    Ports.Binding[] picked = bound == null || bound.getBindings() == null ? null : bound.getBindings().get(port);
    if (picked != null && picked.length > 0 && picked[0].getHostPortSpec() != null) {
      return picked[0].getHostPortSpec();
    }
    return spec == null || spec.isEmpty() ? "" : spec.substring(0, spec.indexOf('-'));
  }
}
