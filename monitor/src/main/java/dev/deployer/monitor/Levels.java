package dev.deployer.monitor;

import java.util.List;

/** The four levels of checks, used as the checks' category. */
public final class Levels {

  public static final String SERVICE = "service";
  public static final String APPLICATION = "application";
  public static final String INFRASTRUCTURE = "infrastructure";
  public static final String DEPENDENCY = "dependency";

  public static final List<String> ALL = List.of(SERVICE, APPLICATION, INFRASTRUCTURE, DEPENDENCY);

  private Levels() {}
}
