package dev.deployer.infrastructure.compose;

import java.time.Duration;

/** {@code deploy.update_config} / {@code rollback_config}; every field may be null. */
public record UpdateConfig(
    Integer parallelism,
    Duration delay,
    String order,
    String failureAction,
    Duration monitor,
    Double maxFailureRatio) {}
