package dev.scheduler.request;

import java.time.Instant;
import java.util.List;

/** What the parser made of a message: an event to book, or a reason it could not. */
public sealed interface ParseResult {

    /** A message understood: the event it asks for. */
    record Parsed(String title, Instant start, Instant end, String location, List<Long> memberIds,
            List<Long> resourceIds) implements ParseResult {
    }

    /** A message not understood, with the reason in words a user can act on. */
    record Rejected(String reason) implements ParseResult {
    }
}
