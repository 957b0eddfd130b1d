package dev.scheduler.reminder;

import java.net.URI;
import java.time.Instant;

import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.scheduler.event.Event;
import dev.scheduler.event.EventRepository;
import dev.scheduler.system.InUseException;
import dev.scheduler.system.InvalidFieldException;
import dev.scheduler.system.NotFoundException;
import dev.scheduler.system.PageQuery;
import dev.scheduler.system.PageResult;

@RestController
@RequestMapping("/reminders")
class ReminderController {

    private final ReminderRepository reminders;
    private final EventRepository events;
    private final ReminderDispatcher dispatcher;

    ReminderController(ReminderRepository reminders, EventRepository events, ReminderDispatcher dispatcher) {
        this.reminders = reminders;
        this.events = events;
        this.dispatcher = dispatcher;
    }

    @PostMapping
    ResponseEntity<Reminder> create(@Valid @RequestBody ReminderRequest request) {
        Resolved resolved = resolve(request);
        Reminder reminder = reminders.create(request.eventId(), resolved.remindAt(), resolved.message(),
                resolved.channel());
        return ResponseEntity.created(URI.create("/reminders/" + reminder.id())).body(reminder);
    }

    @GetMapping("/{id}")
    Reminder get(@PathVariable long id) {
        return reminders.find(id).orElseThrow(() -> new NotFoundException("reminder", id));
    }

    @GetMapping
    PageResult<Reminder> list(@RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size, @RequestParam(required = false) Long eventId) {
        return reminders.page(PageQuery.of(page, size), eventId);
    }

    @PutMapping("/{id}")
    Reminder update(@PathVariable long id, @Valid @RequestBody ReminderRequest request) {
        Reminder existing = get(id);
        if (existing.eventId() != request.eventId()) {
            throw new InvalidFieldException("eventId", "a reminder cannot move to another event");
        }
        Resolved resolved = resolve(request);
        return reminders.reschedule(id, resolved.remindAt(), resolved.message(), resolved.channel())
                .orElseThrow(() -> new InUseException("reminder " + id + " has fired already"));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        if (!reminders.delete(id)) {
            throw new NotFoundException("reminder", id);
        }
        return ResponseEntity.noContent().build();
    }

    private Resolved resolve(ReminderRequest request) {
        Event event = events.find(request.eventId())
                .orElseThrow(() -> new InvalidFieldException("eventId", "event " + request.eventId()
                        + " does not exist"));
        if ((request.remindAt() == null) == (request.minutesBefore() == null)) {
            throw new InvalidFieldException("remindAt", "give exactly one of remindAt and minutesBefore");
        }
        String channel = request.channel() == null ? "log" : request.channel();
        if (!dispatcher.hasChannel(channel)) {
            throw new InvalidFieldException("channel", "no channel called '" + channel + "'");
        }
        Instant remindAt = request.remindAt() != null ? request.remindAt().toInstant()
                : event.start().toInstant().minusSeconds(60L * request.minutesBefore());
        String message = request.message() != null && !request.message().isBlank() ? request.message()
                : event.title() + " at " + event.start();
        return new Resolved(remindAt, message, channel);
    }

    private record Resolved(Instant remindAt, String message, String channel) {
    }
}
