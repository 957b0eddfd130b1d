package dev.scheduler.system;

import java.time.ZoneId;
import java.time.ZoneOffset;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code scheduler.*}; each can be set from the environment
 * (e.g. {@code SCHEDULER_FAULT_LATENCY_MS}).
 */
@ConfigurationProperties("scheduler")
public record SchedulerProperties(String role, String apiToken, String release, ZoneId timeZone, Fault fault) {

    public SchedulerProperties {
        timeZone = timeZone == null ? ZoneOffset.UTC : timeZone;
        role = role == null ? "api" : role;
        apiToken = apiToken == null ? "" : apiToken;
        release = release == null ? "dev" : release;
        fault = fault == null ? new Fault(false, 0, 0, false, "") : fault;
    }

    public Role parsedRole() {
        return Role.fromEnvironment(role);
    }

    /**
     * Faults for deploy drills; all off by default. {@code latencyPath}, when set, limits the latency
     * to requests whose path starts with it (a release slow on one route).
     */
    public record Fault(boolean failReadiness, long latencyMs, long crashAfterSeconds, boolean refuseStart,
            String latencyPath) {

        public Fault {
            latencyPath = latencyPath == null ? "" : latencyPath.trim();
        }
    }
}
