package dev.scheduler.event;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.scheduler.constraint.AvailabilityRule;

import static org.assertj.core.api.Assertions.assertThat;

class SlotFinderTest {

    // Wednesday 2026-01-07.
    static final Instant NINE = Instant.parse("2026-01-07T09:00:00Z");
    static final Duration HOUR = Duration.ofHours(1);

    private final SlotFinder finder = new SlotFinder(ZoneOffset.UTC);

    private static TimeSlot slot(String start, String end) {
        return new TimeSlot(Instant.parse(start), Instant.parse(end));
    }

    @Test
    void suggestsTheEarliestFreeSlotsAfterTheWantedStart() {
        List<TimeSlot> busy = List.of(slot("2026-01-07T09:00:00Z", "2026-01-07T10:15:00Z"));
        assertThat(finder.find(NINE, HOUR, busy, List.of(), NINE, 3)).containsExactly(
                slot("2026-01-07T10:15:00Z", "2026-01-07T11:15:00Z"),
                slot("2026-01-07T10:30:00Z", "2026-01-07T11:30:00Z"),
                slot("2026-01-07T11:00:00Z", "2026-01-07T12:00:00Z"));
    }

    @Test
    void skipsEveryBusyInterval() {
        List<TimeSlot> busy = List.of(slot("2026-01-07T09:00:00Z", "2026-01-07T10:00:00Z"),
                slot("2026-01-07T10:30:00Z", "2026-01-07T12:00:00Z"));
        assertThat(finder.find(NINE, HOUR, busy, List.of(), NINE, 1))
                .containsExactly(slot("2026-01-07T12:00:00Z", "2026-01-07T13:00:00Z"));
    }

    @Test
    void respectsConstraints() {
        AvailabilityRule school = new AvailabilityRule(1, 1L, null, Set.of(DayOfWeek.WEDNESDAY),
                LocalTime.of(9, 0), LocalTime.of(15, 0), "school");
        assertThat(finder.find(NINE, HOUR, List.of(), List.of(school), NINE, 2)).containsExactly(
                slot("2026-01-07T15:00:00Z", "2026-01-07T16:00:00Z"),
                slot("2026-01-07T15:30:00Z", "2026-01-07T16:30:00Z"));
    }

    @Test
    void neverSuggestsThePast() {
        Instant now = Instant.parse("2026-01-07T13:10:00Z");
        assertThat(finder.find(NINE, HOUR, List.of(), List.of(), now, 1))
                .containsExactly(slot("2026-01-07T13:30:00Z", "2026-01-07T14:30:00Z"));
    }

    @Test
    void returnsFewerWhenTheHorizonIsFull() {
        List<TimeSlot> busy = List.of(slot("2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z"));
        assertThat(finder.find(NINE, HOUR, busy, List.of(), NINE, 3)).isEmpty();
    }
}
