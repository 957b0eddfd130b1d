package dev.scheduler.event;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.scheduler.constraint.AvailabilityRule;
import dev.scheduler.constraint.AvailabilityRuleRepository;
import dev.scheduler.event.ConflictReport.ViolatedConstraint;
import dev.scheduler.member.MemberRepository;
import dev.scheduler.resource.ResourceRepository;
import dev.scheduler.system.InvalidFieldException;
import dev.scheduler.system.NotFoundException;

/**
 * Books events: checks the draft against other events and constraints, and leaves the last
 * word to the database, whose exclusion constraints make a double booking impossible even when
 * two requests pass the check at the same moment.
 */
@Service
public class EventService {

    static final Duration MAX_LENGTH = Duration.ofDays(31);
    private static final int MAX_SUGGESTIONS = 3;
    private static final int ATTEMPTS = 3;

    private final EventRepository events;
    private final MemberRepository members;
    private final ResourceRepository resources;
    private final AvailabilityRuleRepository rules;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final SlotFinder slotFinder;

    EventService(EventRepository events, MemberRepository members, ResourceRepository resources,
            AvailabilityRuleRepository rules, TransactionTemplate transactions, Clock clock) {
        this.events = events;
        this.members = members;
        this.resources = resources;
        this.rules = rules;
        this.transactions = transactions;
        this.clock = clock;
        this.slotFinder = new SlotFinder(clock.getZone());
    }

    /** Creates the event, or throws {@link SchedulingConflictException} with suggestions. */
    public Event create(EventDraft draft) {
        return create(draft, null);
    }

    /**
     * Creates the event for a plain-language request; the same request id never yields a second
     * event (a redelivered request gets the event the first delivery made).
     */
    public Event create(EventDraft draft, UUID requestId) {
        validate(draft);
        if (requestId != null) {
            Optional<Event> existing = events.findByRequest(requestId);
            if (existing.isPresent()) {
                return existing.get();
            }
        }
        return write(draft, 0, () -> events.insert(draft, requestId), requestId);
    }

    public Event update(long id, EventDraft draft) {
        validate(draft);
        if (!events.exists(id)) {
            throw new NotFoundException("event", id);
        }
        return write(draft, id, () -> {
            transactions.executeWithoutResult(status -> {
                if (!events.update(id, draft)) {
                    throw new NotFoundException("event", id);
                }
            });
            return events.find(id).orElseThrow(() -> new NotFoundException("event", id));
        }, null);
    }

    /** What stands in the way of booking the draft; empty when it is free. {@code excludeId} 0 for a new event. */
    public ConflictReport check(EventDraft draft, long excludeId) {
        var conflicts = events.overlapping(draft.start(), draft.end(), draft.memberIds(), draft.resourceIds(),
                excludeId);
        List<AvailabilityRule> applicable = rules.forAny(draft.memberIds(), draft.resourceIds());
        List<ViolatedConstraint> violated = new ArrayList<>();
        for (AvailabilityRule rule : applicable) {
            if (rule.blocks(draft.start(), draft.end(), clock.getZone())) {
                violated.add(new ViolatedConstraint(rule.id(), rule.memberId(), rule.resourceId(), rule.reason()));
            }
        }
        if (conflicts.isEmpty() && violated.isEmpty()) {
            return new ConflictReport(List.of(), List.of(), List.of());
        }
        Duration length = draft.length();
        Instant from = draft.start().minus(length);
        Instant to = draft.start().plus(SlotFinder.HORIZON).plus(length);
        List<TimeSlot> busy = events.busy(from, to, draft.memberIds(), draft.resourceIds(), excludeId);
        List<TimeSlot> suggestions = slotFinder.find(draft.start(), length, busy, applicable, clock.instant(),
                MAX_SUGGESTIONS);
        return new ConflictReport(conflicts, violated, suggestions);
    }

    private Event write(EventDraft draft, long excludeId, Supplier<Event> writer, UUID requestId) {
        for (int attempt = 1; ; attempt++) {
            ConflictReport report = check(draft, excludeId);
            if (!report.free()) {
                throw new SchedulingConflictException(report);
            }
            try {
                return writer.get();
            } catch (DataAccessException e) {
                String state = sqlState(e);
                if ("23P01".equals(state)) {
                    // Lost the race to a concurrent booking: report what we lost to.
                    throw new SchedulingConflictException(check(draft, excludeId));
                }
                if ("23505".equals(state) && requestId != null) {
                    Optional<Event> existing = events.findByRequest(requestId);
                    if (existing.isPresent()) {
                        return existing.get();
                    }
                }
                boolean retryable = "40P01".equals(state) || "40001".equals(state);
                if (!retryable || attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private void validate(EventDraft draft) {
        if (!draft.end().isAfter(draft.start())) {
            throw new InvalidFieldException("end", "must be after start");
        }
        if (draft.length().compareTo(MAX_LENGTH) > 0) {
            throw new InvalidFieldException("end", "an event lasts at most " + MAX_LENGTH.toDays() + " days");
        }
        List<Long> missingMembers = new ArrayList<>(draft.memberIds());
        missingMembers.removeAll(members.existing(draft.memberIds()));
        if (!missingMembers.isEmpty()) {
            throw new InvalidFieldException("participantIds", "no such member: " + missingMembers);
        }
        List<Long> missingResources = new ArrayList<>(draft.resourceIds());
        missingResources.removeAll(resources.existing(draft.resourceIds()));
        if (!missingResources.isEmpty()) {
            throw new InvalidFieldException("resourceIds", "no such resource: " + missingResources);
        }
    }

    private static String sqlState(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
