package dev.scheduler.request;

import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /requests}. A client that retries can send its own {@code id}: the same id
 * is accepted once and never yields a second event.
 */
record SubmitRequest(@NotBlank @Size(max = RequestParser.MAX_MESSAGE) String message, UUID id) {
}
