package dev.scheduler.system;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Start-up faults for deploy drills: refuse to start, or crash some seconds after start.
 * The toolkit's tests build bad releases with these; all are off by default.
 */
@Component
class FaultInjection {

    private static final Logger log = LoggerFactory.getLogger(FaultInjection.class);

    /** Exit status of an injected crash; distinct from the JVM's own failure codes. */
    static final int CRASH_EXIT_STATUS = 70;

    private final SchedulerProperties.Fault fault;

    FaultInjection(SchedulerProperties properties) {
        this.fault = properties.fault();
        if (fault.refuseStart()) {
            throw new IllegalStateException("refusing to start: SCHEDULER_FAULT_REFUSE_START=true (fault injection)");
        }
        if (fault.latencyMs() > 0) {
            log.warn("fault injection: every request is delayed by {} ms", fault.latencyMs());
        }
        if (fault.errorPercent() > 0) {
            log.warn("fault injection: {} % of the requests outside /actuator answer 500", fault.errorPercent());
        }
        if (fault.failReadiness()) {
            log.warn("fault injection: readiness reports DOWN");
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void scheduleCrash() {
        long seconds = fault.crashAfterSeconds();
        if (seconds <= 0) {
            return;
        }
        log.warn("fault injection: the process will crash {} s from now", seconds);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "fault-crash");
            thread.setDaemon(true);
            return thread;
        });
        timer.schedule(() -> {
            log.error("fault injection: crashing now (SCHEDULER_FAULT_CRASH_AFTER_SECONDS={})", seconds);
            // halt, not exit: a crash runs no shutdown hooks and drains nothing.
            Runtime.getRuntime().halt(CRASH_EXIT_STATUS);
        }, seconds, TimeUnit.SECONDS);
    }
}
