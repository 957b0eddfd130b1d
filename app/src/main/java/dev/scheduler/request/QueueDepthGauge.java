package dev.scheduler.request;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code scheduler.requests.queue.depth}: requests waiting for a worker. Sampled every few
 * seconds rather than at scrape time, so a slow Redis never makes the metrics endpoint slow.
 */
@Component
class QueueDepthGauge {

    private final RequestQueue queue;
    private final AtomicLong depth = new AtomicLong();

    QueueDepthGauge(RequestQueue queue, MeterRegistry meters) {
        this.queue = queue;
        Gauge.builder("scheduler.requests.queue.depth", depth, AtomicLong::get)
                .description("Scheduling requests waiting in the Redis queue").register(meters);
    }

    @Scheduled(fixedDelay = 5_000)
    void sample() {
        try {
            depth.set(queue.depth());
        } catch (RuntimeException e) {
            // Redis down: keep the last value; readiness reports the outage.
        }
    }
}
