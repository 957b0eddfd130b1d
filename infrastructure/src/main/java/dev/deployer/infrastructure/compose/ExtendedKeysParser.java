package dev.deployer.infrastructure.compose;

import dev.deployer.infrastructure.compose.ServiceOptions.DeviceRequest;
import dev.deployer.infrastructure.compose.YamlValue.Mapping;
import dev.deployer.infrastructure.compose.YamlValue.Scalar;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@link ServiceOptions.Extended} keys of one service, read from its mapping. */
final class ExtendedKeysParser {

  static final Set<String> KEYS = Set.of("external_links", "platform", "gpus", "cpu_rt_runtime", "cpu_rt_period",
      "storage_opt", "annotations");
  private static final Set<String> DEVICE_KEYS = Set.of("capabilities", "count", "device_ids", "driver", "options");

  private ExtendedKeysParser() {}

  static ServiceOptions.Extended parse(Mapping service) throws ComposeException {
    return new ServiceOptions.Extended(
        externalLinks(service.get("external_links")),
        platform(service.get("platform")),
        gpus(service.get("gpus")),
        reservedDevices(service.get("deploy")),
        microseconds(service.get("cpu_rt_runtime")),
        microseconds(service.get("cpu_rt_period")),
        service.has("storage_opt") ? Nodes.keyValues(service.get("storage_opt"), key -> "") : Map.of(),
        service.has("annotations") ? Nodes.keyValues(service.get("annotations"), key -> "") : Map.of(),
        genericResources(service.get("deploy")));
  }

  /** {@code deploy.resources.reservations.generic_resources}: each a {@code discrete_resource_spec} of kind and value. */
  private static List<ServiceOptions.GenericResource> genericResources(YamlValue deploy) throws ComposeException {
    if (!(deploy instanceof Mapping d && d.get("resources") instanceof Mapping resources
        && resources.get("reservations") instanceof Mapping reservations && reservations.has("generic_resources"))) {
      return List.of();
    }
    List<ServiceOptions.GenericResource> result = new ArrayList<>();
    for (YamlValue item : Nodes.sequence(reservations.get("generic_resources")).items()) {
      Mapping resource = Nodes.mapping(item);
      Nodes.allowKeys(resource, Set.of("discrete_resource_spec"));
      if (!resource.has("discrete_resource_spec")) {
        throw item.error("expected discrete_resource_spec");
      }
      Mapping spec = Nodes.mapping(resource.get("discrete_resource_spec"));
      Nodes.allowKeys(spec, Set.of("kind", "value"));
      if (!spec.has("kind") || !spec.has("value")) {
        throw resource.get("discrete_resource_spec").error("expected kind and value");
      }
      long value = Nodes.integer(spec.get("value"));
      if (value < 1) {
        throw spec.get("value").error("must be at least 1");
      }
      result.add(new ServiceOptions.GenericResource(Nodes.string(spec.get("kind")), value));
    }
    return result;
  }

  private static List<String> externalLinks(YamlValue value) throws ComposeException {
    if (value == null) {
      return List.of();
    }
    List<String> links = Nodes.stringList(value);
    for (int i = 0; i < links.size(); i++) {
      if (!links.get(i).matches("[^:\\s]+(:[^:\\s]+)?")) {
        throw Nodes.sequence(value).items().get(i).error("invalid external link '" + links.get(i)
            + "' (CONTAINER[:ALIAS])");
      }
    }
    return links;
  }

  /** {@code os/arch[/variant]}, as an image index names its platforms ({@code linux/arm64/v8}). */
  private static String platform(YamlValue value) throws ComposeException {
    String text = Nodes.optionalString(value);
    if (text != null && !text.matches("[a-z0-9]+/[a-z0-9_]+(/[a-z0-9]+)?")) {
      throw value.error("invalid platform '" + text + "' (OS/ARCH[/VARIANT], e.g. linux/amd64)");
    }
    return text;
  }

  /** {@code all} (every GPU: count -1), or a list of device requests. */
  private static List<DeviceRequest> gpus(YamlValue value) throws ComposeException {
    if (value == null) {
      return List.of();
    }
    if (value instanceof Scalar scalar) {
      if (!"all".equals(scalar.value())) {
        throw value.error("must be 'all' or a list of devices, not '" + scalar.value() + "'");
      }
      return List.of(new DeviceRequest(List.of(), null, -1L, List.of(), Map.of()));
    }
    return devices(value);
  }

  private static List<DeviceRequest> reservedDevices(YamlValue deploy) throws ComposeException {
    if (deploy instanceof Mapping d && d.get("resources") instanceof Mapping resources
        && resources.get("reservations") instanceof Mapping reservations && reservations.has("devices")) {
      return devices(reservations.get("devices"));
    }
    return List.of();
  }

  /** As compose-go reads them: no count (or 0) and no device ids means all devices (-1). */
  private static List<DeviceRequest> devices(YamlValue value) throws ComposeException {
    List<DeviceRequest> devices = new ArrayList<>();
    for (YamlValue item : Nodes.sequence(value).items()) {
      Mapping device = Nodes.mapping(item);
      Nodes.allowKeys(device, DEVICE_KEYS);
      List<String> ids = device.has("device_ids") ? Nodes.stringList(device.get("device_ids")) : List.of();
      if (device.has("count") && !ids.isEmpty()) {
        throw device.get("count").error("count and device_ids cannot be combined");
      }
      Long count = count(device.get("count"));
      devices.add(new DeviceRequest(
          device.has("capabilities") ? Nodes.stringList(device.get("capabilities")) : List.of(),
          Nodes.optionalString(device.get("driver")),
          (count == null || count == 0) && ids.isEmpty() ? Long.valueOf(-1) : count,
          ids,
          device.has("options") ? Nodes.keyValues(device.get("options"), key -> "") : Map.of()));
    }
    return devices;
  }

  private static Long count(YamlValue value) throws ComposeException {
    if (value == null) {
      return null;
    }
    String text = Nodes.string(value);
    if ("all".equals(text)) {
      return -1L;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw value.error("must be an integer or 'all', not '" + text + "'");
    }
  }

  /** An integer of microseconds, or a duration ({@code 400ms}). */
  private static Long microseconds(YamlValue value) throws ComposeException {
    if (value == null) {
      return null;
    }
    String text = Nodes.string(value);
    if (text.matches("\\d+")) {
      return Long.parseLong(text);
    }
    Duration duration = Nodes.duration(value);
    return duration.toNanos() / 1_000;
  }
}
