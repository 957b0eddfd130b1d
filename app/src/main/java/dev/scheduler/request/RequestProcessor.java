package dev.scheduler.request;

import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.scheduler.event.Event;
import dev.scheduler.event.EventDraft;
import dev.scheduler.event.EventRepository;
import dev.scheduler.event.EventService;
import dev.scheduler.event.SchedulingConflictException;
import dev.scheduler.member.MemberRepository;
import dev.scheduler.resource.ResourceRepository;
import dev.scheduler.system.InvalidFieldException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Processes one request: parse, book or report the conflict, record the outcome. Safe to run
 * more than once for the same request, even at the same time on two workers: the event is keyed
 * by the request id, and the first recorded outcome stays.
 */
@Component
class RequestProcessor {

    private static final Logger log = LoggerFactory.getLogger(RequestProcessor.class);

    private final RequestRepository requests;
    private final RequestParser parser;
    private final EventService eventService;
    private final EventRepository events;
    private final MemberRepository members;
    private final ResourceRepository resources;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final Timer timer;

    RequestProcessor(RequestRepository requests, RequestParser parser, EventService eventService,
            EventRepository events, MemberRepository members, ResourceRepository resources, JsonMapper json,
            MeterRegistry meters) {
        this.requests = requests;
        this.parser = parser;
        this.eventService = eventService;
        this.events = events;
        this.members = members;
        this.resources = resources;
        this.json = json;
        this.meters = meters;
        this.timer = Timer.builder("scheduler.requests.processing")
                .description("Time to process one scheduling request").register(meters);
    }

    /** Returns the outcome recorded, or empty when the request was already processed or does not exist. */
    Optional<String> process(UUID id) {
        return timer.record(() -> {
            Optional<String> message = requests.claim(id);
            if (message.isEmpty()) {
                return Optional.<String>empty();
            }
            String outcome = decide(id, message.get());
            meters.counter("scheduler.requests.processed", "outcome", outcome).increment();
            return Optional.of(outcome);
        });
    }

    private String decide(UUID id, String message) {
        ParseResult result = parser.parse(message, members.all(), resources.all());
        if (result instanceof ParseResult.Rejected rejected) {
            requests.finish(id, StoredRequest.REJECTED, rejected.reason(), null, null);
            log.info("request {} rejected: {}", id, rejected.reason());
            return StoredRequest.REJECTED;
        }
        ParseResult.Parsed parsed = (ParseResult.Parsed) result;
        EventDraft draft = EventDraft.of(parsed.title(), parsed.start(), parsed.end(), parsed.location(),
                parsed.memberIds(), parsed.resourceIds());
        try {
            Event event = eventService.create(draft, id);
            requests.finish(id, StoredRequest.DONE, null, event.id(), null);
            log.info("request {} booked event {}", id, event.id());
            return StoredRequest.DONE;
        } catch (SchedulingConflictException e) {
            // Another delivery of this same request may have booked it meanwhile; that is not a conflict.
            Optional<Event> booked = events.findByRequest(id);
            if (booked.isPresent()) {
                requests.finish(id, StoredRequest.DONE, null, booked.get().id(), null);
                return StoredRequest.DONE;
            }
            requests.finish(id, StoredRequest.CONFLICT, e.getMessage(), null, json.writeValueAsString(e.report()));
            log.info("request {} conflicts: {}", id, e.getMessage());
            return StoredRequest.CONFLICT;
        } catch (InvalidFieldException e) {
            requests.finish(id, StoredRequest.REJECTED, e.getMessage(), null, null);
            return StoredRequest.REJECTED;
        }
    }
}
