package dev.deployer.infrastructure.engine;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.BlkioRateDevice;
import com.github.dockerjava.api.model.BlkioWeightDevice;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Device;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Link;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.api.model.VolumesFrom;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/** Puts a {@link ContainerSpec.Options} on the create request: its host config and its config. */
final class HostConfigs {

  private HostConfigs() {}

  static void apply(ContainerSpec.Options options, HostConfig host) {
    if (!options.capAdd().isEmpty()) {
      host.withCapAdd(capabilities(options.capAdd()));
    }
    if (!options.capDrop().isEmpty()) {
      host.withCapDrop(capabilities(options.capDrop()));
    }
    if (options.privileged()) {
      host.withPrivileged(true);
    }
    if (options.readOnly()) {
      host.withReadonlyRootfs(true);
    }
    if (!options.securityOpt().isEmpty()) {
      host.withSecurityOpts(options.securityOpt());
    }
    if (!options.sysctls().isEmpty()) {
      host.withSysctls(options.sysctls());
    }
    if (!options.ulimits().isEmpty()) {
      host.withUlimits(options.ulimits().stream().map(u -> new Ulimit(u.name(), u.soft(), u.hard())).toList());
    }
    if (!options.tmpfs().isEmpty()) {
      host.withTmpFs(options.tmpfs());
    }
    host.withShmSize(options.shmSize())
        .withIpcMode(options.ipc())
        .withPidMode(options.pid())
        .withMemoryReservation(options.memoryReservation())
        .withPidsLimit(options.pidsLimit());
    if (!options.extraHosts().isEmpty()) {
      host.withExtraHosts(options.extraHosts().toArray(String[]::new));
    }
    if (!options.dns().isEmpty()) {
      host.withDns(options.dns());
    }
    if (!options.dnsSearch().isEmpty()) {
      host.withDnsSearch(options.dnsSearch());
    }
    if (!options.dnsOptions().isEmpty()) {
      host.withDnsOptions(options.dnsOptions());
    }
    if (!options.links().isEmpty()) {
      host.withLinks(options.links().stream().map(Link::parse).toList());
    }
    if (!options.volumesFrom().isEmpty()) {
      host.withVolumesFrom(options.volumesFrom().stream().map(VolumesFrom::parse).toList());
    }
    if (options.logDriver() != null || !options.logOptions().isEmpty()) {
      host.withLogConfig(new LogConfig(logDriver(options.logDriver()), options.logOptions()));
    }
    if (!options.devices().isEmpty()) {
      host.withDevices(options.devices().stream().map(Device::parse).toList());
    }
    host.withCpuShares(options.cpuShares())
        .withCpuQuota(options.cpuQuota())
        .withCpuPeriod(options.cpuPeriod())
        .withCpusetCpus(options.cpusetCpus());
    if (!options.groupAdd().isEmpty()) {
      host.withGroupAdd(options.groupAdd());
    }
    if (!options.deviceCgroupRules().isEmpty()) {
      host.withDeviceCgroupRules(options.deviceCgroupRules());
    }
    // An unset key goes out as null, which keeps the engine's default.
    host.withRuntime(options.runtime())
        .withUtSMode(options.uts())
        .withUsernsMode(options.usernsMode())
        .withCgroupParent(options.cgroupParent())
        .withCgroupnsMode(options.cgroupns())
        .withMemorySwappiness(options.memorySwappiness())
        .withMemorySwap(options.memorySwap())
        .withOomKillDisable(options.oomKillDisable())
        .withOomScoreAdj(options.oomScoreAdj());
    blkio(options.blkio(), host);
    extended(options.extended(), host);
  }

  private static void extended(ContainerSpec.Extended extended, HostConfig host) {
    if (!extended.deviceRequests().isEmpty()) {
      host.withDeviceRequests(extended.deviceRequests().stream().map(HostConfigs::deviceRequest).toList());
    }
    if (!extended.storageOpt().isEmpty()) {
      host.withStorageOpt(extended.storageOpt());
    }
    if (!extended.annotations().isEmpty()) {
      host.withAnnotations(extended.annotations());
    }
    host.withCpuRealtimeRuntime(extended.cpuRtRuntime())
        .withCpuRealtimePeriod(extended.cpuRtPeriod());
  }

  static DeviceRequest deviceRequest(ContainerSpec.DeviceRequest request) {
    DeviceRequest result = new DeviceRequest().withDriver(request.driver()).withCount(request.count());
    if (!request.deviceIds().isEmpty()) {
      result.withDeviceIds(request.deviceIds());
    }
    if (!request.capabilities().isEmpty()) {
      result.withCapabilities(request.capabilities());
    }
    if (!request.options().isEmpty()) {
      result.withOptions(request.options());
    }
    return result;
  }

  private static void blkio(ContainerSpec.Blkio blkio, HostConfig host) {
    if (blkio.weight() != null) {
      host.withBlkioWeight(blkio.weight());
    }
    if (!blkio.weightDevice().isEmpty()) {
      host.withBlkioWeightDevice(blkio.weightDevice().stream()
          .map(d -> new BlkioWeightDevice().withPath(d.path()).withWeight((int) d.value())).toList());
    }
    if (!blkio.readBps().isEmpty()) {
      host.withBlkioDeviceReadBps(rates(blkio.readBps()));
    }
    if (!blkio.readIops().isEmpty()) {
      host.withBlkioDeviceReadIOps(rates(blkio.readIops()));
    }
    if (!blkio.writeBps().isEmpty()) {
      host.withBlkioDeviceWriteBps(rates(blkio.writeBps()));
    }
    if (!blkio.writeIops().isEmpty()) {
      host.withBlkioDeviceWriteIOps(rates(blkio.writeIops()));
    }
  }

  private static List<BlkioRateDevice> rates(List<ContainerSpec.DeviceValue> devices) {
    return devices.stream().map(d -> new BlkioRateDevice().withPath(d.path()).withRate(d.value())).toList();
  }

  /**
   * docker-java knows drivers by name and sends none for another (the engine's default would
   * apply); the pre-deployment checks refuse such a file, so this is the last guard.
   */
  private static LogConfig.LoggingType logDriver(String driver) {
    if (driver == null) {
      return null;
    }
    LogConfig.LoggingType type = LogConfig.LoggingType.fromValue(driver);
    if (type == null) {
      throw new EngineException("logging driver '" + driver + "' is not one the engine client can set: "
          + EngineLimits.LOG_DRIVERS);
    }
    return type;
  }

  static void apply(ContainerSpec.Options options, CreateContainerCmd create) {
    // docker-java refuses nulls here: set only what the file sets.
    ifSet(options.hostname(), create::withHostName);
    ifSet(options.domainname(), create::withDomainName);
    ifSet(options.user(), create::withUser);
    ifSet(options.workingDir(), create::withWorkingDir);
    ifSet(options.stopSignal(), create::withStopSignal);
    ifSet(options.stopTimeoutSeconds(), create::withStopTimeout);
    // Engine API 1.41 takes the address on the container: it applies to the network it is created on.
    ifSet(options.macAddress(), create::withMacAddress);
    ContainerSpec.Extended extended = options.extended();
    if (extended.stdinOpen()) {
      create.withStdinOpen(true);
    }
    if (extended.tty()) {
      create.withTty(true);
    }
    ifSet(extended.platform(), create::withPlatform);
  }

  private static <T> void ifSet(T value, Consumer<T> setter) {
    if (value != null) {
      setter.accept(value);
    }
  }

  /** {@code NET_ADMIN} or {@code CAP_NET_ADMIN}, any case, as the engine accepts them. */
  private static Capability[] capabilities(List<String> names) {
    return names.stream()
        .map(name -> name.toUpperCase(Locale.ROOT).replaceFirst("^CAP_", ""))
        .map(name -> {
          try {
            return Capability.valueOf(name);
          } catch (IllegalArgumentException e) {
            throw new EngineException("unknown capability " + name, e);
          }
        })
        .toArray(Capability[]::new);
  }
}
