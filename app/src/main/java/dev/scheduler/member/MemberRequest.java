package dev.scheduler.member;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /members} and {@code PUT /members/{id}}. */
record MemberRequest(@NotBlank @Size(max = 100) String name) {
}
