package dev.scheduler.system;

/** Deleting something that others still refer to; answered with 409. */
public class InUseException extends RuntimeException {

    public InUseException(String message) {
        super(message);
    }
}
