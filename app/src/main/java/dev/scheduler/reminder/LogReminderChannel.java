package dev.scheduler.reminder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The default channel: one log line per reminder. */
@Component
class LogReminderChannel implements ReminderChannel {

    private static final Logger log = LoggerFactory.getLogger("dev.scheduler.reminders");

    @Override
    public String name() {
        return "log";
    }

    @Override
    public void deliver(Reminder reminder) {
        log.info("REMINDER {} for event {}: {}", reminder.id(), reminder.eventId(), reminder.message());
    }
}
