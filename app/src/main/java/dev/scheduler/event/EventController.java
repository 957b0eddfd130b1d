package dev.scheduler.event;

import java.net.URI;
import java.time.OffsetDateTime;

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

import dev.scheduler.system.NotFoundException;
import dev.scheduler.system.PageQuery;
import dev.scheduler.system.PageResult;

@RestController
@RequestMapping("/events")
class EventController {

    private final EventService service;
    private final EventRepository events;

    EventController(EventService service, EventRepository events) {
        this.service = service;
        this.events = events;
    }

    @PostMapping
    ResponseEntity<Event> create(@Valid @RequestBody EventRequest request) {
        Event event = service.create(request.toDraft());
        return ResponseEntity.created(URI.create("/events/" + event.id())).body(event);
    }

    @GetMapping("/{id}")
    Event get(@PathVariable long id) {
        return events.find(id).orElseThrow(() -> new NotFoundException("event", id));
    }

    /** Events overlapping {@code [from, to)}, optionally only those of one member or resource, by start. */
    @GetMapping
    PageResult<Event> list(@RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
            @RequestParam(required = false) OffsetDateTime from, @RequestParam(required = false) OffsetDateTime to,
            @RequestParam(required = false) Long memberId, @RequestParam(required = false) Long resourceId) {
        return events.page(PageQuery.of(page, size), from == null ? null : from.toInstant(),
                to == null ? null : to.toInstant(), memberId, resourceId);
    }

    @PutMapping("/{id}")
    Event update(@PathVariable long id, @Valid @RequestBody EventRequest request) {
        return service.update(id, request.toDraft());
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        if (!events.delete(id)) {
            throw new NotFoundException("event", id);
        }
        return ResponseEntity.noContent().build();
    }
}
