package dev.scheduler.resource;

/** Something events book: the car, a room, the field. */
public record Resource(long id, String name, String kind) {
}
