package dev.scheduler.event;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** 409 problem+json naming each conflicting event and constraint, with suggested free slots. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class SchedulingConflictHandler {

    @ExceptionHandler(SchedulingConflictException.class)
    ProblemDetail conflict(SchedulingConflictException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Scheduling conflict");
        problem.setProperty("conflicts", e.report().conflicts());
        problem.setProperty("constraints", e.report().constraints());
        problem.setProperty("suggestions", e.report().suggestions());
        return problem;
    }
}
