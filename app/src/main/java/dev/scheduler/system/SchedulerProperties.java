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
        fault = fault == null ? new Fault(false, 0, 0, false, 0, "") : fault;
    }

    public Role parsedRole() {
        return Role.fromEnvironment(role);
    }

    /**
     * Faults for deploy drills; all off by default. {@code errorPercent} is a share of requests, 0 to
     * 100. {@code latencyPath}, when set, limits the latency to requests whose path starts with it (a
     * release slow on one route).
     */
    public record Fault(boolean failReadiness, long latencyMs, long crashAfterSeconds, boolean refuseStart,
            int errorPercent, String latencyPath) {

        public Fault {
            if (errorPercent < 0 || errorPercent > 100) {
                throw new IllegalArgumentException(
                        "SCHEDULER_FAULT_ERROR_PERCENT must be from 0 to 100, not " + errorPercent);
            }
            latencyPath = latencyPath == null ? "" : latencyPath.trim();
        }
    }
}
