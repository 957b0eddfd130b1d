package dev.deployer.monitor;

import java.util.List;

/**
 * The four levels of checks, used as the checks' category; and the category of the environment's
 * security rules, which the monitor runs with the metric checks.
 */
public final class Levels {

  public static final String SERVICE = "service";
  public static final String APPLICATION = "application";
  public static final String INFRASTRUCTURE = "infrastructure";
  public static final String DEPENDENCY = "dependency";
  /** The category {@link dev.deployer.infrastructure.check.SecurityChecks} gives its rules. */
  public static final String SECURITY = "security";

  public static final List<String> ALL = List.of(SERVICE, APPLICATION, INFRASTRUCTURE, DEPENDENCY);

  private Levels() {}
}
