package dev.scheduler.request;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

import dev.scheduler.system.Role;
import dev.scheduler.system.SchedulerProperties;

/**
 * The worker role's side of requests: the consuming loop and its housekeeping. The beans exist in
 * both roles (the image's bean definitions are fixed ahead of time, see the Dockerfile); only the
 * worker role starts the loop, and housekeeping runs only while it runs.
 */
@Configuration(proxyBeanMethods = false)
class WorkerConfiguration {

    @Bean
    RequestWorker requestWorker(RequestQueue queue, RequestProcessor processor, SchedulerProperties properties,
            @Value("${scheduler.worker.threads:2}") int threads) {
        return new RequestWorker(queue, processor, workerId(), threads, properties.parsedRole() == Role.WORKER);
    }

    /** In the worker role only: SIGTSTP quiets the loop and SIGCONT resumes it. */
    @Bean
    WorkerSignals workerSignals(RequestWorker worker, SchedulerProperties properties) {
        return new WorkerSignals(worker, properties.parsedRole() == Role.WORKER);
    }

    @Bean
    RequestHousekeeping requestHousekeeping(RequestWorker worker, RequestQueue queue, RequestRepository requests) {
        return new RequestHousekeeping(worker, queue, requests);
    }

    /** Unique per process: a restarted container must not inherit the dead process's list. */
    private static String workerId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "worker";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Heartbeat, reclaim of dead workers' requests, and re-queueing of requests Redis lost. */
    static class RequestHousekeeping {

        private static final Logger log = LoggerFactory.getLogger(RequestHousekeeping.class);
        static final Duration STALE = Duration.ofSeconds(60);

        private final RequestWorker worker;
        private final RequestQueue queue;
        private final RequestRepository requests;

        RequestHousekeeping(RequestWorker worker, RequestQueue queue, RequestRepository requests) {
            this.worker = worker;
            this.queue = queue;
            this.requests = requests;
        }

        @Scheduled(fixedDelay = 5_000, initialDelay = 5_000)
        void heartbeat() {
            if (worker.isRunning()) {
                worker.heartbeat();
            }
        }

        @Scheduled(fixedDelay = 10_000, initialDelay = 2_000)
        void reclaim() {
            if (!worker.isRunning()) {
                return;
            }
            List<UUID> moved = queue.reclaim();
            if (!moved.isEmpty()) {
                log.warn("reclaimed {} request(s) from workers that stopped: {}", moved.size(), moved);
            }
        }

        @Scheduled(fixedDelay = 30_000, initialDelay = 15_000)
        void requeueStale() {
            if (!worker.isRunning()) {
                return;
            }
            List<UUID> stale = requests.takeStale(STALE, 100);
            stale.forEach(queue::enqueue);
            if (!stale.isEmpty()) {
                log.warn("re-queued {} request(s) pending for over {} s", stale.size(), STALE.toSeconds());
            }
        }
    }
}
