package dev.scheduler.request;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

import sun.misc.Signal;

/**
 * The worker's control by signal, as a process supervisor sends it ({@code docker kill --signal}):
 * SIGTSTP makes it quiet (it finishes what it holds and takes no new requests; Sidekiq's
 * convention), SIGCONT resumes it. The deployer's blue/green switch sends them to keep the previous
 * release's worker warm but idle, and to put it back to work on a rollback. The work runs on a
 * thread of its own, in the order the signals came: a quiet worker waits for its current requests.
 */
final class WorkerSignals implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(WorkerSignals.class);
    static final String QUIET = "TSTP";
    static final String RESUME = "CONT";

    private final ExecutorService control = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "worker-signals");
        thread.setDaemon(true);
        return thread;
    });

    /** {@code enabled}: the worker role; in the others the signals keep their default meaning. */
    WorkerSignals(RequestWorker worker, boolean enabled) {
        if (enabled) {
            handle(QUIET, worker::quiet);
            handle(RESUME, worker::resume);
        }
    }

    private void handle(String signal, Runnable action) {
        try {
            Signal.handle(new Signal(signal), received -> control.execute(action));
        } catch (IllegalArgumentException e) {
            log.warn("SIG{} cannot be handled here, so it does not control the worker: {}", signal, e.getMessage());
        }
    }

    @Override
    public void destroy() {
        control.shutdownNow();
    }
}
