package dev.scheduler.reminder;

/** Delivers a reminder somewhere: the log today; mail or push would be further implementations. */
public interface ReminderChannel {

    /** The name reminders use to pick this channel, e.g. {@code log}. */
    String name();

    void deliver(Reminder reminder);
}
