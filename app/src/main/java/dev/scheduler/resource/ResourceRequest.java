package dev.scheduler.resource;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /resources} and {@code PUT /resources/{id}}. */
record ResourceRequest(
        @NotBlank @Size(max = 100) String name,
        @NotBlank @Pattern(regexp = "car|room|field|other", message = "must be one of car, room, field, other") String kind) {
}
