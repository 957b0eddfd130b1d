package dev.deployer.infrastructure.stack;

import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.compose.ServiceOptions;
import dev.deployer.infrastructure.engine.ContainerSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The service's {@link ServiceOptions} in the engine's terms; service references become containers. */
final class ContainerOptions {

  private ContainerOptions() {}

  static ContainerSpec.Options of(ComposeProject project, ComposeService service) {
    ServiceOptions o = service.options();
    ServiceOptions.Cgroups c = o.cgroups();
    Map<String, String> tmpfs = new LinkedHashMap<>();
    for (String entry : o.tmpfs()) {
      int colon = entry.indexOf(':');
      tmpfs.put(colon < 0 ? entry : entry.substring(0, colon), colon < 0 ? "" : entry.substring(colon + 1));
    }
    List<String> links = new ArrayList<>();
    for (String link : o.links()) {
      String[] parts = link.split(":", 2);
      links.add(ContainerSpecFactory.containerName(project, parts[0], 1) + ":" + (parts.length == 2 ? parts[1] : parts[0]));
    }
    for (String link : o.extended().externalLinks()) {
      links.add(link.contains(":") ? link : link + ":" + link);
    }
    List<String> volumesFrom = new ArrayList<>();
    for (String from : o.volumesFrom()) {
      volumesFrom.add(from.startsWith("container:") ? from.substring("container:".length())
          : ContainerSpecFactory.containerName(project, from.split(":")[0], 1) + (from.contains(":") ? from.substring(from.indexOf(':')) : ""));
    }
    return new ContainerSpec.Options(o.hostname(), o.domainname(), o.user(), o.workingDir(), o.stopSignal(),
        o.stopGracePeriod() == null ? null : (int) o.stopGracePeriod().toSeconds(), o.capAdd(), o.capDrop(),
        o.privileged(), o.readOnly(), o.securityOpt(), o.sysctls(),
        o.ulimits().entrySet().stream()
            .map(e -> new ContainerSpec.Ulimit(e.getKey(), e.getValue().soft(), e.getValue().hard())).toList(),
        tmpfs, o.shmSize(), o.init(), ContainerSpecFactory.containerReference(project, o.ipc()), ContainerSpecFactory.containerReference(project, o.pid()),
        o.extraHosts(), o.dns(), o.dnsSearch(), o.dnsOpt(), exposed(o.expose()), links, volumesFrom,
        o.memoryReservation(), o.pidsLimit(), o.logging() == null ? null : o.logging().driver(),
        o.logging() == null ? Map.of() : o.logging().options(), o.devices().stream().map(d -> d.source() + ":" + d.target() + ":" + d.permissions()).toList(), o.cpu().shares(), o.cpu().quota(),
        o.cpu().period(), o.cpu().cpuset(), o.groupAdd(), o.runtime(), o.uts(), o.usernsMode(), o.macAddress(),
        c.parent(), c.namespace(), c.deviceRules(), c.memSwappiness(), c.memswapLimit(), c.oomKillDisable(),
        c.oomScoreAdj(), blkio(c.blkio()), extended(o));
  }

  private static ContainerSpec.Extended extended(ServiceOptions o) {
    ServiceOptions.Extended e = o.extended();
    List<ContainerSpec.DeviceRequest> requests = new ArrayList<>();
    // As Compose maps them: the reserved devices, then the gpus, each of which asks for the "gpu"
    // capability besides its own.
    for (ServiceOptions.DeviceRequest device : e.reservedDevices()) {
      requests.add(deviceRequest(device, device.capabilities()));
    }
    for (ServiceOptions.DeviceRequest gpu : e.gpus()) {
      List<String> capabilities = new ArrayList<>(gpu.capabilities());
      capabilities.add("gpu");
      requests.add(deviceRequest(gpu, capabilities));
    }
    return new ContainerSpec.Extended(o.stdinOpen(), o.tty(), e.platform(), requests, e.cpuRtRuntime(),
        e.cpuRtPeriod(), e.storageOpt(), e.annotations());
  }

  private static ContainerSpec.DeviceRequest deviceRequest(ServiceOptions.DeviceRequest device,
      List<String> capabilities) {
    return new ContainerSpec.DeviceRequest(device.driver(), device.count() == null ? 0 : device.count().intValue(),
        device.deviceIds(), capabilities.isEmpty() ? List.of() : List.of(capabilities), device.options());
  }

  private static ContainerSpec.Blkio blkio(ServiceOptions.Blkio b) {
    return new ContainerSpec.Blkio(b.weight(),
        b.weightDevice().stream().map(d -> new ContainerSpec.DeviceValue(d.path(), d.weight())).toList(),
        rates(b.readBps()), rates(b.readIops()), rates(b.writeBps()), rates(b.writeIops()));
  }

  private static List<ContainerSpec.DeviceValue> rates(List<ServiceOptions.DeviceRate> rates) {
    return rates.stream().map(r -> new ContainerSpec.DeviceValue(r.path(), r.rate())).toList();
  }

  /** {@code expose} entries ({@code 8080}, {@code 8080/udp}, {@code 8000-8002}) one port each. */
  private static List<String> exposed(List<String> expose) {
    List<String> ports = new ArrayList<>();
    for (String entry : expose) {
      String[] parts = entry.split("/", 2);
      String protocol = parts.length == 2 ? parts[1] : "tcp";
      String[] range = parts[0].split("-", 2);
      int start = Integer.parseInt(range[0]);
      int end = range.length == 2 ? Integer.parseInt(range[1]) : start;
      for (int port = start; port <= end; port++) {
        ports.add(port + "/" + protocol);
      }
    }
    return ports;
  }
}
