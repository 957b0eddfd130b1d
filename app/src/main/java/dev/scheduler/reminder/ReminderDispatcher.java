package dev.scheduler.reminder;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;

import dev.scheduler.system.Role;
import dev.scheduler.system.SchedulerProperties;

/** Fires due reminders: claims them in the database, then hands each to its channel. */
@Component
public class ReminderDispatcher {

    private static final Logger log = LoggerFactory.getLogger(ReminderDispatcher.class);
    private static final int BATCH = 100;

    private final ReminderRepository reminders;
    private final Map<String, ReminderChannel> channels;
    private final Clock clock;
    private final MeterRegistry meters;
    private final String worker;

    ReminderDispatcher(ReminderRepository reminders, List<ReminderChannel> channels, Clock clock,
            MeterRegistry meters) {
        this.reminders = reminders;
        this.channels = channels.stream().collect(Collectors.toMap(ReminderChannel::name, Function.identity()));
        this.clock = clock;
        this.meters = meters;
        this.worker = hostName();
    }

    boolean hasChannel(String name) {
        return channels.containsKey(name);
    }

    /** Fires every reminder due now; returns how many this call fired. */
    public int dispatchDue() {
        int fired = 0;
        List<Reminder> due;
        do {
            due = reminders.claimDue(clock.instant(), worker, BATCH);
            for (Reminder reminder : due) {
                deliver(reminder);
                fired++;
            }
        } while (due.size() == BATCH);
        return fired;
    }

    private void deliver(Reminder reminder) {
        ReminderChannel channel = channels.getOrDefault(reminder.channel(), channels.get("log"));
        try {
            channel.deliver(reminder);
            meters.counter("scheduler.reminders.sent", "channel", channel.name()).increment();
        } catch (RuntimeException e) {
            // Already claimed: retrying could deliver twice, which the reminder contract forbids.
            meters.counter("scheduler.reminders.failed", "channel", channel.name()).increment();
            log.error("reminder {} could not be delivered through {}: {}", reminder.id(), channel.name(), e.toString());
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "worker";
        }
    }

    /**
     * In the worker role, looks for due reminders every second. The bean exists in both roles (bean
     * definitions are fixed ahead of time, see the Dockerfile); the api role's does nothing.
     */
    @Component
    static class Schedule {

        private final ReminderDispatcher dispatcher;
        private final boolean worker;

        Schedule(ReminderDispatcher dispatcher, SchedulerProperties properties) {
            this.dispatcher = dispatcher;
            this.worker = properties.parsedRole() == Role.WORKER;
        }

        @Scheduled(fixedDelay = 1_000, initialDelay = 1_000)
        void fire() {
            if (!worker) {
                return;
            }
            try {
                dispatcher.dispatchDue();
            } catch (RuntimeException e) {
                log.warn("reminders not dispatched this round: {}", e.toString());
            }
        }
    }
}
