package dev.deployer.infrastructure.compose;

/** {@code deploy.resources.limits}: CPUs (fractional) and memory in bytes, either may be null. */
public record ResourceLimits(Double cpus, Long memoryBytes) {

  /** CPUs in the engine's unit (10^-9 CPU), or 0 when unlimited. */
  public long nanoCpus() {
    return cpus == null ? 0 : Math.round(cpus * 1_000_000_000d);
  }
}
