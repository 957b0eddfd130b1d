package dev.scheduler.system;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Health component {@code fault}, part of readiness: DOWN while {@code SCHEDULER_FAULT_FAIL_READINESS=true}. */
@Component("faultHealthIndicator")
class FaultReadinessHealthIndicator implements HealthIndicator {

    private final boolean failReadiness;

    FaultReadinessHealthIndicator(SchedulerProperties properties) {
        this.failReadiness = properties.fault().failReadiness();
    }

    @Override
    public Health health() {
        if (failReadiness) {
            return Health.down().withDetail("reason", "SCHEDULER_FAULT_FAIL_READINESS=true").build();
        }
        return Health.up().build();
    }
}
