package dev.scheduler.request;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.scheduler.request.MessageText.MatchResultCopy;

/** Reads how long an event lasts: "for 90 minutes", "1h", "1h30", "1.5 hours", "an hour and a half". */
final class DurationParser {

    private static final int I = Pattern.CASE_INSENSITIVE;
    private static final String FOR = "(?:\\bfor\\s+)?\\b";
    private static final Pattern WORDS = Pattern.compile(FOR + "(an?\\s+hour\\s+and\\s+a\\s+half|one\\s+and\\s+a\\s+half"
            + "\\s+hours?|half\\s+an\\s+hour|an?\\s+hour|one\\s+hour|two\\s+hours|three\\s+hours|a\\s+quarter\\s+of\\s+an"
            + "\\s+hour)\\b", I);
    private static final Pattern AND_A_HALF = Pattern.compile(FOR + "(\\d{1,2})\\s+and\\s+a\\s+half\\s+hours?\\b", I);
    private static final Pattern HOURS_MINUTES = Pattern.compile(
            FOR + "(\\d{1,2})\\s*(?:h|hrs?|hours?)\\s*(?:and\\s+)?(\\d{1,2})\\s*(?:m|mins?|minutes?)?\\b", I);
    private static final Pattern HOURS = Pattern.compile(FOR + "(\\d{1,2}(?:\\.\\d{1,2})?)\\s*(?:h|hrs?|hours?)\\b", I);
    private static final Pattern MINUTES = Pattern.compile(FOR + "(\\d{1,4})\\s*(?:m|mins?|minutes?)\\b", I);

    static final Duration MAX = Duration.ofHours(24);

    private DurationParser() {
    }

    /** The one duration in the message, or null when it gives none. */
    static Duration parse(MessageText text) throws ParseException {
        List<Duration> found = new ArrayList<>();
        for (MatchResultCopy m : text.takeAll(WORDS)) {
            found.add(words(m.group(1)));
        }
        for (MatchResultCopy m : text.takeAll(AND_A_HALF)) {
            found.add(Duration.ofMinutes(Integer.parseInt(m.group(1)) * 60L + 30));
        }
        for (MatchResultCopy m : text.takeAll(HOURS_MINUTES)) {
            found.add(Duration.ofHours(Integer.parseInt(m.group(1))).plusMinutes(Integer.parseInt(m.group(2))));
        }
        for (MatchResultCopy m : text.takeAll(HOURS)) {
            found.add(Duration.ofSeconds(Math.round(Double.parseDouble(m.group(1)) * 3600)));
        }
        for (MatchResultCopy m : text.takeAll(MINUTES)) {
            found.add(Duration.ofMinutes(Integer.parseInt(m.group(1))));
        }
        if (found.size() > 1) {
            throw new ParseException("more than one duration is given; give one");
        }
        if (found.isEmpty()) {
            return null;
        }
        Duration duration = found.get(0);
        if (duration.isZero() || duration.isNegative()) {
            throw new ParseException("the duration must be longer than zero");
        }
        if (duration.compareTo(MAX) > 0) {
            throw new ParseException("the duration is longer than a day; create long events through /events");
        }
        return duration;
    }

    private static Duration words(String phrase) {
        String p = phrase.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        if (p.contains("half an hour")) {
            return Duration.ofMinutes(30);
        }
        if (p.contains("quarter")) {
            return Duration.ofMinutes(15);
        }
        if (p.contains("half")) {
            return Duration.ofMinutes(90);
        }
        if (p.startsWith("two")) {
            return Duration.ofHours(2);
        }
        if (p.startsWith("three")) {
            return Duration.ofHours(3);
        }
        return Duration.ofHours(1);
    }
}
