package dev.scheduler.request;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.scheduler.member.Member;
import dev.scheduler.request.MessageText.MatchResultCopy;
import dev.scheduler.resource.Resource;

/**
 * Turns a plain-language scheduling message into an event, deterministically: the same message,
 * clock and names always give the same result, and anything it cannot read exactly is rejected
 * with a reason instead of guessed.
 *
 * <p>Days: today, tonight, tomorrow, the day after tomorrow, in N days, weekdays ("Saturday" is
 * the next Saturday whose time is still ahead; "next Saturday" is the first Saturday after
 * today), 2026-12-05, December 5(th), 5 December. Times: 2pm, 2:30 pm, 14:00, at 14, noon,
 * 3 in the afternoon, ranges (2-4pm, from 14:00 to 15:30). Durations: 90 minutes, 1h, 1h30,
 * 1.5 hours, an hour and a half; one hour when none is given.
 */
public final class RequestParser {

    static final Duration DEFAULT_DURATION = Duration.ofHours(1);
    static final int MAX_MESSAGE = 500;

    private static final int I = Pattern.CASE_INSENSITIVE;
    private static final Pattern LEADING_VERB = Pattern.compile("^\\s*(?:please\\s+)?(?:(?:can|could)\\s+you\\s+)?"
            + "(?:schedule|book|add|plan|create|put\\s+in|set\\s+up|arrange|organi[sz]e|make)\\b", I);
    private static final Pattern PLEASE = Pattern.compile("\\bplease\\b", I);
    private static final Pattern LOCATION = Pattern.compile(
            "\\b(?:at|in)\\s+(?:the\\s+)?(\\p{Lu}[\\p{L}'-]*(?:\\s+\\p{Lu}[\\p{L}'-]*)*)");
    private static final Pattern LOCATION_LOWER = Pattern.compile("\\bat\\s+the\\s+([\\p{L}'-]+)", I);
    private static final Set<String> FILLER = Set.of("for", "with", "at", "on", "and", "from", "to", "in", "of", "the",
            "a", "an", "by", "me", "us", "&", "-");

    private final Clock clock;

    public RequestParser(Clock clock) {
        this.clock = clock;
    }

    public ParseResult parse(String message, List<Member> members, List<Resource> resources) {
        if (message == null || message.isBlank()) {
            return new ParseResult.Rejected("the message is empty");
        }
        if (message.length() > MAX_MESSAGE) {
            return new ParseResult.Rejected("the message is longer than " + MAX_MESSAGE + " characters");
        }
        try {
            return parse(new MessageText(message), members, resources);
        } catch (ParseException e) {
            return new ParseResult.Rejected(e.getMessage());
        }
    }

    private ParseResult parse(MessageText text, List<Member> members, List<Resource> resources)
            throws ParseException {
        ZoneId zone = clock.getZone();
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, zone);
        text.takeAll(LEADING_VERB);
        text.takeAll(PLEASE);
        WhenParser.When when = WhenParser.parse(text, today);
        Duration duration = DurationParser.parse(text);
        List<Long> resourceIds = NameMatcher.resources(text, resources);
        List<Long> memberIds = NameMatcher.members(text, members);
        String location = location(text);
        String title = title(text.rest());
        if (title == null && !resourceIds.isEmpty()) {
            title = resources.stream().filter(r -> resourceIds.contains(r.id())).map(Resource::name)
                    .collect(Collectors.joining(", "));
        }
        if (title == null) {
            throw new ParseException("no title is given; say what the event is, e.g. 'soccer practice'");
        }

        LocalDate date = when.weekdayOnly() ? weekday(when, today, now, zone) : when.date();
        ZonedDateTime start = ZonedDateTime.of(date, when.start(), zone);
        ZonedDateTime end;
        if (when.end() != null) {
            LocalDate endDate = when.end().isAfter(when.start()) ? date : date.plusDays(1);
            end = ZonedDateTime.of(endDate, when.end(), zone);
            if (duration != null && !Duration.between(start, end).equals(duration)) {
                throw new ParseException("the time range and the duration disagree; give one of them");
            }
        } else {
            end = start.plus(duration == null ? DEFAULT_DURATION : duration);
        }
        if (start.toInstant().isBefore(now)) {
            throw new ParseException("that time has already passed (" + start.toOffsetDateTime() + ")");
        }
        return new ParseResult.Parsed(title, start.toInstant(), end.toInstant(), location, memberIds, resourceIds);
    }

    /** A bare weekday is the soonest one still ahead; "next" is the first one after today. */
    private static LocalDate weekday(WhenParser.When when, LocalDate today, Instant now, ZoneId zone) {
        int delta = (when.weekday().getValue() - today.getDayOfWeek().getValue() + 7) % 7;
        if (delta == 0 && (when.next() || !ZonedDateTime.of(today, when.start(), zone).toInstant().isAfter(now))) {
            delta = 7;
        }
        return today.plusDays(delta);
    }

    private static String location(MessageText text) {
        List<MatchResultCopy> found = new ArrayList<>(text.takeAll(LOCATION));
        found.addAll(text.takeAll(LOCATION_LOWER));
        return found.isEmpty() ? null : found.get(0).group(1).trim();
    }

    /** The words left over, without filler at either end; null when none are left. */
    private static String title(String rest) throws ParseException {
        List<String> words = new ArrayList<>(Arrays.asList(
                rest.replaceAll("[,;.!?:()\"]+", " ").replaceAll("(?<=\\p{L})'s\\b", "").trim().split("\\s+")));
        words.removeIf(String::isBlank);
        while (!words.isEmpty() && FILLER.contains(words.get(0).toLowerCase(Locale.ROOT))) {
            words.remove(0);
        }
        while (!words.isEmpty() && FILLER.contains(words.get(words.size() - 1).toLowerCase(Locale.ROOT))) {
            words.remove(words.size() - 1);
        }
        words.removeIf(word -> word.equals("&") || word.equals("-"));
        if (words.isEmpty()) {
            return null;
        }
        String title = String.join(" ", words);
        if (title.length() > 200) {
            throw new ParseException("the title is longer than 200 characters");
        }
        return Character.toUpperCase(title.charAt(0)) + title.substring(1);
    }
}
