package dev.scheduler.constraint;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Set;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /constraints}: exactly one of {@code memberId} and {@code resourceId},
 * e.g. {@code {"memberId":1,"days":["SATURDAY"],"from":"09:00","until":"12:00","reason":"swimming"}}.
 */
record ConstraintRequest(
        Long memberId,
        Long resourceId,
        @NotEmpty Set<DayOfWeek> days,
        @NotNull LocalTime from,
        @NotNull LocalTime until,
        @Size(max = 200) String reason) {
}
