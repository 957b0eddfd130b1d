package dev.deployer.pipeline;

import dev.deployer.infrastructure.engine.ContainerEngine.EngineInfo;
import dev.deployer.infrastructure.engine.EngineLimits;
import dev.deployer.pipeline.TargetKeys.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The single-host rules that depend on the engine: a key the single-host targets apply where the
 * engine can honour it, refused (with what this engine lacks) where it cannot.
 */
final class EngineKeyRules {

  private EngineKeyRules() {}

  static List<Rule> of(EngineInfo engine) {
    List<Rule> rules = new ArrayList<>();
    String gpus = gpus(engine);
    if (gpus != null) {
      rules.add(Rule.key("gpus", gpus));
      rules.add(Rule.key("deploy.resources.reservations.devices", gpus));
    }
    String realTime = realTime(engine);
    if (realTime != null) {
      rules.add(Rule.key("cpu_rt_runtime", realTime));
      rules.add(Rule.key("cpu_rt_period", realTime));
    }
    String storage = storage(engine);
    if (storage != null) {
      rules.add(Rule.key("storage_opt", storage));
    }
    if (!EngineLimits.speaks(engine, EngineLimits.ANNOTATIONS_API)) {
      rules.add(Rule.key("annotations", "container annotations need " + tooOld(engine,
          EngineLimits.ANNOTATIONS_API, "24")));
    }
    if (!EngineLimits.speaks(engine, EngineLimits.ENDPOINT_MAC_API)) {
      rules.add(Rule.key("networks.*.mac_address", "a MAC address per network needs " + tooOld(engine,
          EngineLimits.ENDPOINT_MAC_API, "25") + "; set the service's mac_address for the network it is created on"));
    }
    rules.add(Rule.key("networks.*.driver_opts",
        unsendable(engine, "endpoint driver options per network need", EngineLimits.ENDPOINT_DRIVER_OPTS_API, "27.1")));
    rules.add(Rule.key("networks.*.gw_priority",
        unsendable(engine, "a gateway priority per network needs", EngineLimits.GW_PRIORITY_API, "28.0")));
    rules.add(Rule.key("networks.*.interface_name",
        unsendable(engine, "an interface name per network needs", EngineLimits.INTERFACE_NAME_API, "28.1")));
    return rules;
  }

  /** Device requests go to the engine's GPU runtime: without one the engine cannot select a device driver. */
  private static String gpus(EngineInfo engine) {
    if (engine.runtimes().contains("nvidia")) {
      return null;
    }
    if (engine.runtimes().isEmpty()) {
      return "device requests need a GPU runtime (nvidia) on the engine, and the engine did not report its runtimes";
    }
    return "device requests need a GPU runtime (nvidia) on the engine; this engine has only "
        + String.join(", ", new TreeSet<>(engine.runtimes()));
  }

  /**
   * cgroup v2 has no real-time CPU budget to give a container (runc refuses cpu.rt_* there). On
   * cgroup v1 the engine's API does not tell whether dockerd has a budget (--cpu-rt-runtime): no rule
   * here, {@link RealTimeProbe} finds out with a container.
   */
  private static String realTime(EngineInfo engine) {
    if ("1".equals(engine.cgroupVersion())) {
      return null;
    }
    if (engine.cgroupVersion() == null) {
      return "real-time CPU time needs an engine on cgroup v1, and the engine did not report its cgroup version";
    }
    return "real-time CPU time needs an engine on cgroup v1; this engine uses cgroup v" + engine.cgroupVersion()
        + ", which has no real-time budget to give a container";
  }

  /** A size needs a driver that can limit a container's layer: overlay2 only over xfs mounted with pquota. */
  private static String storage(EngineInfo engine) {
    String driver = engine.storageDriver();
    if (driver == null) {
      return "storage options depend on the engine's storage driver, and the engine did not report it";
    }
    if (EngineLimits.SIZED_STORAGE_DRIVERS.contains(driver)) {
      return null;
    }
    if ("overlay2".equals(driver)) {
      String backing = engine.driverStatus().get("Backing Filesystem");
      return "xfs".equals(backing) ? null
          : "overlay2 takes a size only over xfs mounted with pquota; this engine's overlay2 is over "
              + (backing == null ? "a filesystem it did not report" : backing);
    }
    return "the engine's " + driver + " storage driver takes no storage options (devicemapper, btrfs, zfs and"
        + " overlay2 over xfs do)";
  }

  private static String tooOld(EngineInfo engine, String api, String dockerVersion) {
    return "Engine API " + api + " (Docker Engine " + dockerVersion + ") or later; this engine is Docker "
        + engine.version() + " with API " + engine.apiVersion();
  }

  /** {@code what} says what needs the API ("an interface name per network needs"). */
  private static String unsendable(EngineInfo engine, String what, String api, String dockerVersion) {
    return EngineLimits.speaks(engine, api)
        ? "this engine (API " + engine.apiVersion() + ") takes it, but the deployer's engine client (docker-java"
            + " 3.7.0) cannot send it yet"
        : what + " " + tooOld(engine, api, dockerVersion);
  }
}
