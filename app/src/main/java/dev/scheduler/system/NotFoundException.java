package dev.scheduler.system;

/** A path names something that does not exist; answered with 404. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String kind, Object id) {
        super(kind + " " + id + " does not exist");
    }
}
