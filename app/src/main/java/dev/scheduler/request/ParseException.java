package dev.scheduler.request;

/** Stops parsing with a reason for the user; never escapes the parser. */
class ParseException extends Exception {

    ParseException(String reason) {
        super(reason, null, false, false);
    }
}
