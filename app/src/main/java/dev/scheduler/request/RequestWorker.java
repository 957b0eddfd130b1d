package dev.scheduler.request;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

/**
 * Takes requests off the queue and processes them, on a few threads. An id leaves this worker's
 * processing list only after its outcome is recorded, so a worker that dies mid-request loses
 * nothing: its heartbeat stops and another worker reclaims the id.
 *
 * <p>A worker can be made quiet and resumed while its process runs ({@link WorkerSignals}): quiet,
 * it finishes what it holds and takes nothing new, so a deploy can keep the previous release's
 * worker warm, out of work, and a rollback resume it at once instead of starting a new process.
 */
class RequestWorker implements SmartLifecycle, ApplicationListener<AvailabilityChangeEvent<ReadinessState>> {

    private static final Logger log = LoggerFactory.getLogger(RequestWorker.class);
    static final Duration HEARTBEAT_TTL = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofSeconds(1);

    private final RequestQueue queue;
    private final RequestProcessor processor;
    private final String workerId;
    private final int threads;
    private final boolean autoStartup;
    private volatile boolean running;
    private volatile boolean quiet;
    private ExecutorService executor;

    RequestWorker(RequestQueue queue, RequestProcessor processor, String workerId, int threads) {
        this(queue, processor, workerId, threads, true);
    }

    /**
     * {@code autoStartup}: whether it starts by itself (the worker role) or only when a caller starts
     * it. By itself means once the application accepts traffic, not when the context starts: a new
     * release's worker, started beside the old one, takes requests from the queue only once it is
     * ready, as the deployer's blue/green switch expects.
     */
    RequestWorker(RequestQueue queue, RequestProcessor processor, String workerId, int threads, boolean autoStartup) {
        this.queue = queue;
        this.processor = processor;
        this.workerId = workerId;
        this.threads = threads;
        this.autoStartup = autoStartup;
    }

    @Override
    public boolean isAutoStartup() {
        return false;
    }

    @Override
    public void onApplicationEvent(AvailabilityChangeEvent<ReadinessState> event) {
        if (autoStartup && !quiet && event.getState() == ReadinessState.ACCEPTING_TRAFFIC) {
            start();
        }
    }

    /** Stops taking requests, after those it holds are done, until {@link #resume()}; the process runs on. */
    synchronized void quiet() {
        quiet = true;
        stop();
        log.info("request worker {} is quiet: it takes no new requests until it is resumed", workerId);
    }

    /** Takes requests again after {@link #quiet()}. */
    synchronized void resume() {
        if (!quiet) {
            return;
        }
        quiet = false;
        start();
        log.info("request worker {} resumed", workerId);
    }

    boolean isQuiet() {
        return quiet;
    }

    String workerId() {
        return workerId;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        try {
            heartbeat();
        } catch (RuntimeException e) {
            // Redis slow or not there yet (a loaded machine, a restart of redis): the worker starts
            // anyway, its readiness says DOWN until redis answers, and the next heartbeat retries.
            log.warn("request worker {}: first heartbeat failed, the next one retries: {}", workerId, e.toString());
        }
        AtomicInteger counter = new AtomicInteger();
        executor = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "request-worker-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        for (int i = 0; i < threads; i++) {
            executor.submit(this::loop);
        }
        log.info("request worker {} started with {} threads", workerId, threads);
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        executor.shutdown();
        try {
            // The current requests finish; the threads then see running == false within one poll.
            if (!executor.awaitTermination(15, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            queue.retire(workerId);
        } catch (RuntimeException e) {
            log.warn("could not retire worker {}: {}", workerId, e.getMessage());
        }
        log.info("request worker {} stopped", workerId);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    void heartbeat() {
        queue.heartbeat(workerId, HEARTBEAT_TTL);
    }

    private void loop() {
        while (running) {
            UUID id = null;
            try {
                id = queue.take(workerId, POLL);
                if (id != null) {
                    processor.process(id);
                    queue.ack(workerId, id);
                }
            } catch (RuntimeException e) {
                log.warn("request worker {}: {} failed: {}", workerId, id == null ? "polling" : "request " + id,
                        e.toString());
                giveBack(id);
                pause();
            }
        }
    }

    /** A request that failed for a passing reason (database down) goes back on the queue. */
    private void giveBack(UUID id) {
        if (id == null) {
            return;
        }
        try {
            queue.enqueue(id);
            queue.ack(workerId, id);
        } catch (RuntimeException e) {
            log.debug("request {} stays in {}'s processing list until reclaimed", id, workerId);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
