package dev.deployer.infrastructure.engine;

import com.github.dockerjava.api.model.LogConfig;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What an engine, or the client the deployer speaks to it with, cannot do: the pre-deployment
 * checks refuse such a setting before anything changes, instead of the engine dropping it.
 */
public final class EngineLimits {

  /** Volume {@code subpath} came with Engine API 1.45 (Docker Engine 26). */
  public static final String VOLUME_SUBPATH_API = "1.45";

  /** Container annotations came with Engine API 1.43 (Docker Engine 24). */
  public static final String ANNOTATIONS_API = "1.43";

  /** A MAC address per network endpoint came with Engine API 1.44 (Docker Engine 25). */
  public static final String ENDPOINT_MAC_API = "1.44";

  /** Driver options per network endpoint came with Engine API 1.46 (Docker Engine 27.1). */
  public static final String ENDPOINT_DRIVER_OPTS_API = "1.46";

  /** The gateway priority of an endpoint came with Engine API 1.48 (Docker Engine 28.0). */
  public static final String GW_PRIORITY_API = "1.48";

  /** The interface name of an endpoint came with Engine API 1.49 (Docker Engine 28.1). */
  public static final String INTERFACE_NAME_API = "1.49";

  /** The storage drivers that take a {@code size} storage option on any backing filesystem. */
  public static final Set<String> SIZED_STORAGE_DRIVERS = Set.of("devicemapper", "btrfs", "zfs");

  /** The logging drivers the client can set ("default" is not a driver a file names). */
  public static final Set<String> LOG_DRIVERS = Arrays.stream(LogConfig.LoggingType.values())
      .map(LogConfig.LoggingType::getType)
      .filter(type -> !type.equals("default"))
      .collect(Collectors.toCollection(TreeSet::new));

  private EngineLimits() {}

  /**
   * True when the classic builder on this engine builds for {@code platform} ({@code os[/arch[/variant]]}):
   * the engine's own platform, the architecture also by its kernel name ({@code x86_64}, {@code aarch64});
   * a variant only as the engine names it. False when the engine did not report its platform.
   */
  public static boolean buildsFor(ContainerEngine.EngineInfo engine, String platform) {
    if (engine.platform() == null || platform == null) {
      return false;
    }
    String[] wanted = platform.toLowerCase(java.util.Locale.ROOT).split("/");
    String[] own = engine.platform().toLowerCase(java.util.Locale.ROOT).split("/");
    if (wanted.length > 3 || !wanted[0].equals(own[0])) {
      return false;
    }
    if (wanted.length > 1 && (own.length < 2 || !arch(wanted[1]).equals(arch(own[1])))) {
      return false;
    }
    return wanted.length < 3 || (own.length > 2 && wanted[2].equals(own[2]));
  }

  private static String arch(String name) {
    return switch (name) {
      case "x86_64", "x86-64" -> "amd64";
      case "aarch64" -> "arm64";
      default -> name;
    };
  }

  /** True when the engine speaks {@code apiVersion} or a later one. */
  public static boolean speaks(ContainerEngine.EngineInfo engine, String apiVersion) {
    return ApiVersions.compare(engine.apiVersion(), apiVersion) >= 0;
  }
}
