package dev.deployer.infrastructure.compose;

import dev.deployer.infrastructure.compose.YamlValue.Mapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@link ServiceOptions.Cgroups} keys of one service, read from its mapping: cgroup parent and
 * namespace, device rules, swap and swappiness, the OOM killer's settings and {@code blkio_config}.
 */
final class CgroupKeysParser {

  private static final Set<String> BLKIO_KEYS = Set.of("weight", "weight_device", "device_read_bps",
      "device_read_iops", "device_write_bps", "device_write_iops");

  private CgroupKeysParser() {}

  static ServiceOptions.Cgroups cgroups(Mapping service) throws ComposeException {
    YamlValue swap = service.get("memswap_limit");
    return new ServiceOptions.Cgroups(
        Nodes.optionalString(service.get("cgroup_parent")),
        ServiceOptionsParser.oneOf(service.get("cgroup"), Set.of("host", "private")),
        deviceCgroupRules(service.get("device_cgroup_rules")),
        inRange(service.get("mem_swappiness"), 0, 100),
        swap == null ? null : "-1".equals(Nodes.string(swap).strip()) ? -1L : DeployParser.memoryBytes(swap),
        service.has("oom_kill_disable") ? Nodes.bool(service.get("oom_kill_disable")) : null,
        service.has("oom_score_adj") ? inRange(service.get("oom_score_adj"), -1000, 1000).intValue() : null,
        blkio(service.get("blkio_config")));
  }

  /** Rules as the engine takes them: {@code TYPE MAJOR:MINOR ACCESS}, e.g. {@code c 1:3 mr}. */
  private static List<String> deviceCgroupRules(YamlValue value) throws ComposeException {
    List<String> rules = ServiceOptionsParser.strings(value);
    for (int i = 0; i < rules.size(); i++) {
      if (!rules.get(i).matches("[abc] (\\*|\\d+):(\\*|\\d+) [rwm]{1,3}")) {
        throw Nodes.sequence(value).items().get(i).error("invalid device cgroup rule '" + rules.get(i)
            + "' (TYPE MAJOR:MINOR ACCESS: a, b or c; numbers or *; some of r, w and m)");
      }
    }
    return rules;
  }

  private static ServiceOptions.Blkio blkio(YamlValue value) throws ComposeException {
    if (value == null) {
      return null;
    }
    Mapping blkio = Nodes.mapping(value);
    Nodes.allowKeys(blkio, BLKIO_KEYS);
    List<ServiceOptions.DeviceWeight> weights = new ArrayList<>();
    for (Mapping device : devicesOf(blkio.get("weight_device"), "weight")) {
      weights.add(new ServiceOptions.DeviceWeight(Nodes.string(device.get("path")),
          inRange(device.get("weight"), 10, 1000).intValue()));
    }
    return new ServiceOptions.Blkio(
        blkio.has("weight") ? inRange(blkio.get("weight"), 10, 1000).intValue() : null,
        weights,
        rates(blkio.get("device_read_bps"), true),
        rates(blkio.get("device_read_iops"), false),
        rates(blkio.get("device_write_bps"), true),
        rates(blkio.get("device_write_iops"), false));
  }

  /** {@code path} and {@code rate} items; a bytes rate may carry a unit ({@code 1mb}), operations may not. */
  private static List<ServiceOptions.DeviceRate> rates(YamlValue value, boolean bytes) throws ComposeException {
    List<ServiceOptions.DeviceRate> rates = new ArrayList<>();
    for (Mapping device : devicesOf(value, "rate")) {
      YamlValue rate = device.get("rate");
      long amount = bytes ? DeployParser.memoryBytes(rate) : ServiceOptionsParser.optionalLong(rate);
      if (amount < 0) {
        throw rate.error("must not be negative, not '" + Nodes.string(rate) + "'");
      }
      rates.add(new ServiceOptions.DeviceRate(Nodes.string(device.get("path")), amount));
    }
    return rates;
  }

  private static List<Mapping> devicesOf(YamlValue value, String amountKey) throws ComposeException {
    List<Mapping> devices = new ArrayList<>();
    if (value == null) {
      return devices;
    }
    for (YamlValue item : Nodes.sequence(value).items()) {
      Mapping device = Nodes.mapping(item);
      Nodes.allowKeys(device, Set.of("path", amountKey));
      if (!device.has("path") || !device.has(amountKey)) {
        throw device.error("a device needs both path and " + amountKey);
      }
      devices.add(device);
    }
    return devices;
  }

  private static Long inRange(YamlValue value, long min, long max) throws ComposeException {
    Long number = ServiceOptionsParser.optionalLong(value);
    if (number != null && (number < min || number > max)) {
      throw value.error("must be between " + min + " and " + max + ", not " + number);
    }
    return number;
  }
}
