package dev.deployer.infrastructure.engine;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Turns docker-java's image and container inspections into {@link ImageConfig} and {@link ContainerSettings}. */
final class Inspections {

  private Inspections() {}

  static ImageConfig image(InspectImageResponse inspect) {
    ContainerConfig config = inspect.getConfig();
    String platform = inspect.getOs() == null || inspect.getArch() == null ? null
        : inspect.getOs() + "/" + inspect.getArch();
    if (config == null) {
      return new ImageConfig(inspect.getId(), "", List.of(), List.of(), List.of(), platform);
    }
    List<String> exposed = new ArrayList<>();
    if (config.getExposedPorts() != null) {
      for (ExposedPort port : config.getExposedPorts()) {
        exposed.add(port.getPort() + "/" + port.getProtocol());
      }
    }
    exposed.sort(null);
    return new ImageConfig(inspect.getId(), config.getUser(), list(config.getEntrypoint()), exposed,
        healthcheck(config.getHealthcheck()), platform);
  }

  static ContainerSettings container(InspectContainerResponse inspect) {
    ContainerConfig config = inspect.getConfig();
    HostConfig host = inspect.getHostConfig();
    List<ContainerSettings.Mount> mounts = new ArrayList<>();
    if (inspect.getMounts() != null) {
      for (InspectContainerResponse.Mount mount : inspect.getMounts()) {
        String source = mount.getName() != null && !mount.getName().isEmpty() ? mount.getName() : mount.getSource();
        mounts.add(new ContainerSettings.Mount(mount.getName() != null && !mount.getName().isEmpty() ? "volume" : "bind",
            source, mount.getDestination() == null ? "" : mount.getDestination().getPath(),
            !Boolean.TRUE.equals(mount.getRW())));
      }
    }
    mounts.sort((a, b) -> a.target().compareTo(b.target()));
    Map<String, String> environment = new TreeMap<>();
    if (config.getEnv() != null) {
      for (String entry : config.getEnv()) {
        int equals = entry.indexOf('=');
        environment.put(equals < 0 ? entry : entry.substring(0, equals), equals < 0 ? "" : entry.substring(equals + 1));
      }
    }
    return new ContainerSettings(config.getUser(),
        host != null && Boolean.TRUE.equals(host.getPrivileged()), mounts, environment,
        host == null || host.getNanoCPUs() == null ? 0 : host.getNanoCPUs(),
        host == null || host.getMemory() == null ? 0 : host.getMemory(),
        list(config.getEntrypoint()), healthcheck(config.getHealthcheck()));
  }

  private static List<String> healthcheck(HealthCheck check) {
    return check == null ? List.of() : check.getTest() == null ? List.of() : List.copyOf(check.getTest());
  }

  private static List<String> list(String[] values) {
    return values == null ? List.of() : Arrays.asList(values);
  }
}
