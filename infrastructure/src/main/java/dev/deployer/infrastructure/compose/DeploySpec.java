package dev.deployer.infrastructure.compose;

/** The {@code deploy} section; every field may be null. */
public record DeploySpec(
    Integer replicas, UpdateConfig updateConfig, UpdateConfig rollbackConfig, ResourceLimits limits) {}
