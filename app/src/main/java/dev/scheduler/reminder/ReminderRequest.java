package dev.scheduler.reminder;

import java.time.OffsetDateTime;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /reminders}: when, either as {@code remindAt} or as {@code minutesBefore}
 * the event starts; the message defaults to the event's title.
 */
record ReminderRequest(
        @NotNull Long eventId,
        OffsetDateTime remindAt,
        @Min(0) @Max(60 * 24 * 30) Integer minutesBefore,
        @Size(max = 500) String message,
        @Size(max = 50) String channel) {
}
