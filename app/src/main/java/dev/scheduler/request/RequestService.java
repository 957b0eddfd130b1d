package dev.scheduler.request;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

import dev.scheduler.event.ConflictReport;
import dev.scheduler.event.EventRepository;
import dev.scheduler.system.NotFoundException;
import dev.scheduler.system.PageQuery;
import dev.scheduler.system.PageResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/** Accepts plain-language requests (api role) and shows their outcome. */
@Service
class RequestService {

    private static final Logger log = LoggerFactory.getLogger(RequestService.class);

    private final RequestRepository requests;
    private final RequestQueue queue;
    private final EventRepository events;
    private final JsonMapper json;
    private final Counter submitted;

    RequestService(RequestRepository requests, RequestQueue queue, EventRepository events, JsonMapper json,
            MeterRegistry meters) {
        this.requests = requests;
        this.queue = queue;
        this.events = events;
        this.json = json;
        this.submitted = Counter.builder("scheduler.requests.submitted")
                .description("Scheduling requests accepted by the api").register(meters);
    }

    /**
     * Stores the request, then queues it; the database row is what counts, so a failed push is retried later.
     * The answer is the request as it was accepted, read before it is queued: a worker may finish it before
     * the answer is written. A retry with a known id gets the request as it is now.
     */
    RequestView submit(String message, UUID id) {
        UUID requestId = id == null ? UUID.randomUUID() : id;
        if (!requests.insert(requestId, message.trim())) {
            return view(requestId);
        }
        submitted.increment();
        RequestView accepted = view(requestId);
        try {
            queue.enqueue(requestId);
        } catch (DataAccessException e) {
            log.warn("request {} stored but not queued ({}); a worker picks it up on its next sweep",
                    requestId, e.getMessage());
        }
        return accepted;
    }

    RequestView view(UUID id) {
        return requests.find(id).map(this::toView).orElseThrow(() -> new NotFoundException("request", id));
    }

    PageResult<RequestView> page(PageQuery query, String status) {
        PageResult<StoredRequest> page = requests.page(query, status);
        return new PageResult<>(page.content().stream().map(this::toView).toList(), page.page(), page.size(),
                page.totalElements(), page.totalPages());
    }

    private RequestView toView(StoredRequest stored) {
        ConflictReport conflict = stored.outcome() == null ? null
                : json.readValue(stored.outcome(), ConflictReport.class);
        var event = stored.eventId() == null ? null : events.find(stored.eventId()).orElse(null);
        return new RequestView(stored.id(), stored.message(), stored.status(), stored.reason(), event, conflict,
                stored.attempts(), stored.createdAt(), stored.finishedAt());
    }
}
