package dev.scheduler.constraint;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AvailabilityRuleTest {

    private static AvailabilityRule rule(Set<DayOfWeek> days, String from, String until) {
        return new AvailabilityRule(1, 1L, null, days, LocalTime.parse(from), LocalTime.parse(until), null);
    }

    private static boolean blocks(AvailabilityRule rule, String start, String end) {
        return rule.blocks(Instant.parse(start), Instant.parse(end), ZoneOffset.UTC);
    }

    @Test
    void blocksOverlapOnTheGivenDaysOnly() {
        AvailabilityRule school = rule(Set.of(DayOfWeek.WEDNESDAY), "08:00", "15:00");
        assertThat(blocks(school, "2026-01-07T14:30:00Z", "2026-01-07T15:30:00Z")).isTrue();
        assertThat(blocks(school, "2026-01-07T15:00:00Z", "2026-01-07T16:00:00Z")).isFalse();
        assertThat(blocks(school, "2026-01-08T09:00:00Z", "2026-01-08T10:00:00Z")).isFalse();
    }

    @Test
    void windowsCanCrossMidnight() {
        AvailabilityRule night = rule(Set.of(DayOfWeek.FRIDAY), "22:00", "07:00");
        assertThat(blocks(night, "2026-01-10T06:00:00Z", "2026-01-10T06:30:00Z")).isTrue(); // Saturday morning
        assertThat(blocks(night, "2026-01-09T06:00:00Z", "2026-01-09T06:30:00Z")).isFalse(); // Friday morning
    }

    @Test
    void longEventsThatSpanAWindowAreBlocked() {
        AvailabilityRule lunch = rule(Set.of(DayOfWeek.THURSDAY), "12:00", "13:00");
        assertThat(blocks(lunch, "2026-01-07T10:00:00Z", "2026-01-09T10:00:00Z")).isTrue();
    }

    @Test
    void usesTheFamilysTimeZone() {
        AvailabilityRule morning = rule(Set.of(DayOfWeek.WEDNESDAY), "08:00", "09:00");
        // 07:30 UTC is 08:30 in Berlin in winter.
        assertThat(morning.blocks(Instant.parse("2026-01-07T07:30:00Z"), Instant.parse("2026-01-07T07:45:00Z"),
                ZoneId.of("Europe/Berlin"))).isTrue();
    }
}
