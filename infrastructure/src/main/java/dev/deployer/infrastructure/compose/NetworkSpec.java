package dev.deployer.infrastructure.compose;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A top-level network; {@code name} is the engine's name for it. {@code driver} is null for the
 * engine's default (bridge); an external network sets nothing but its name.
 */
public record NetworkSpec(String name, boolean external, String driver, Map<String, String> driverOpts,
    Map<String, String> labels, boolean internal, boolean attachable, Ipam ipam, boolean enableIpv6) {

  public NetworkSpec(String name, boolean external, String driver, Map<String, String> driverOpts,
      Map<String, String> labels, boolean internal, boolean attachable) {
    this(name, external, driver, driverOpts, labels, internal, attachable, null, false);
  }

  /** IP address management: a driver (null for the default), address pools and driver options. */
  public record Ipam(String driver, List<Pool> config, Map<String, String> options) {

    public Ipam {
      config = List.copyOf(config);
      options = Collections.unmodifiableMap(new TreeMap<>(options));
    }
  }

  /** One address pool; any field may be null. */
  public record Pool(String subnet, String ipRange, String gateway, Map<String, String> auxAddresses) {

    public Pool {
      auxAddresses = Collections.unmodifiableMap(new TreeMap<>(auxAddresses == null ? Map.of() : auxAddresses));
    }
  }

  public NetworkSpec {
    Objects.requireNonNull(name, "name");
    driverOpts = Collections.unmodifiableMap(new TreeMap<>(driverOpts == null ? Map.of() : driverOpts));
    labels = Collections.unmodifiableMap(new TreeMap<>(labels == null ? Map.of() : labels));
  }
}
