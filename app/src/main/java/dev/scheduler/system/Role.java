package dev.scheduler.system;

import java.util.Locale;

/** What a process of the scheduler does: serve the API, or work the queues. */
public enum Role {
    API(8000),
    WORKER(8001);

    private final int port;

    Role(int port) {
        this.port = port;
    }

    public int port() {
        return port;
    }

    /** Parses {@code SCHEDULER_ROLE}; unset means api, anything unknown stops the process at once. */
    public static Role fromEnvironment(String value) {
        if (value == null || value.isBlank()) {
            return API;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SCHEDULER_ROLE must be api or worker, was '" + value + "'", e);
        }
    }
}
