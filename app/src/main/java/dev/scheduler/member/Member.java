package dev.scheduler.member;

/** A family member who can take part in events. */
public record Member(long id, String name) {
}
