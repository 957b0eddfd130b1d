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

  /** The logging drivers the client can set ("default" is not a driver a file names). */
  public static final Set<String> LOG_DRIVERS = Arrays.stream(LogConfig.LoggingType.values())
      .map(LogConfig.LoggingType::getType)
      .filter(type -> !type.equals("default"))
      .collect(Collectors.toCollection(TreeSet::new));

  private EngineLimits() {}

  /** True when the engine speaks {@code apiVersion} or a later one. */
  public static boolean speaks(ContainerEngine.EngineInfo engine, String apiVersion) {
    return ApiVersions.compare(engine.apiVersion(), apiVersion) >= 0;
  }
}
