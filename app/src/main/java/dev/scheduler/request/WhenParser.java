package dev.scheduler.request;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.scheduler.request.MessageText.MatchResultCopy;

/** Reads the day and the start (and maybe end) time of a message; what it cannot read exactly, it rejects. */
final class WhenParser {

    private static final int I = Pattern.CASE_INSENSITIVE;
    private static final String MONTH = "(january|jan|february|feb|march|mar|april|apr|may|june|jun|july|jul"
            + "|august|aug|september|sept|sep|october|oct|november|nov|december|dec)\\.?";
    private static final String WEEKDAY = "(monday|tuesday|wednesday|thursday|friday|saturday|sunday)";
    private static final String CLOCK = "(?:(\\d{1,2})(?::(\\d{2}))?\\s*(am|pm|a\\.m\\.|p\\.m\\.)|(\\d{1,2}):(\\d{2})|(noon|midday|midnight))";

    private static final Pattern ISO_DATE = Pattern.compile("(?:\\bon\\s+)?\\b(\\d{4})-(\\d{2})-(\\d{2})\\b", I);
    private static final Pattern MONTH_DAY = Pattern.compile(
            "(?:\\bon\\s+)?\\b" + MONTH + "\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?\\b", I);
    private static final Pattern DAY_MONTH = Pattern.compile(
            "(?:\\bon\\s+)?(?:the\\s+)?\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?" + MONTH + "(?:,?\\s+(\\d{4}))?\\b", I);
    private static final Pattern SLASH_DATE = Pattern.compile("\\b\\d{1,2}/\\d{1,2}(?:/\\d{2,4})?\\b");
    private static final Pattern RELATIVE_DAY = Pattern.compile(
            "\\b(the\\s+day\\s+after\\s+tomorrow|day\\s+after\\s+tomorrow|today|tonight|tomorrow)\\b", I);
    private static final Pattern IN_DAYS = Pattern.compile("\\bin\\s+(\\d{1,3})\\s+days?\\b", I);
    private static final Pattern WEEKDAY_PHRASE = Pattern.compile(
            "(?:\\b(next|this|on|coming)\\s+)?(?:\\bthis\\s+coming\\s+)?\\b" + WEEKDAY + "\\b", I);

    private static final Pattern RANGE = Pattern.compile("(?:\\b(?:from|between)\\s+)?\\b"
            + "(\\d{1,2})(?::(\\d{2}))?\\s*(am|pm|a\\.m\\.|p\\.m\\.)?\\s*(?:-|–|\\bto\\b|\\buntil\\b|\\btill\\b|\\band\\b)\\s*"
            + "(\\d{1,2})(?::(\\d{2}))?\\s*(am|pm|a\\.m\\.|p\\.m\\.)?(?=[\\s,.;!?]|$)", I);
    private static final Pattern TIME = Pattern.compile("(?:\\b(?:at|@)\\s*)?\\b" + CLOCK + "(?=[\\s,.;!?]|$)", I);
    private static final Pattern DAYPART = Pattern.compile(
            "\\b(?:at\\s+)?(\\d{1,2})(?::(\\d{2}))?\\s+(?:in\\s+the\\s+)?(morning|afternoon|evening)\\b", I);
    private static final Pattern BARE_HOUR = Pattern.compile("\\b(?:at|@)\\s*(\\d{1,2})\\b(?!\\s*(?:h\\b|hours?|hrs?|min|m\\b|days?))", I);

    /** The day and times found; {@code end} is null unless the message gave a range. */
    record When(LocalDate date, boolean weekdayOnly, DayOfWeek weekday, boolean next, LocalTime start,
            LocalTime end) {
    }

    private WhenParser() {
    }

    static When parse(MessageText text, LocalDate today) throws ParseException {
        MatchResultCopy slash = text.peek(SLASH_DATE);
        if (slash != null) {
            throw new ParseException("the date '" + slash.whole() + "' is ambiguous; write 2026-12-05 or December 5");
        }
        List<LocalDate> dates = new ArrayList<>();
        for (MatchResultCopy m : text.takeAll(ISO_DATE)) {
            dates.add(date(m.whole(), () -> LocalDate.of(num(m.group(1)), num(m.group(2)), num(m.group(3)))));
        }
        for (MatchResultCopy m : text.takeAll(MONTH_DAY)) {
            dates.add(monthDay(m.whole(), m.group(1), m.group(2), m.group(3), today));
        }
        for (MatchResultCopy m : text.takeAll(DAY_MONTH)) {
            dates.add(monthDay(m.whole(), m.group(2), m.group(1), m.group(3), today));
        }
        boolean tonight = false;
        for (MatchResultCopy m : text.takeAll(RELATIVE_DAY)) {
            String word = m.group(1).toLowerCase(Locale.ROOT);
            tonight |= word.equals("tonight");
            dates.add(word.endsWith("after tomorrow") ? today.plusDays(2)
                    : word.equals("tomorrow") ? today.plusDays(1) : today);
        }
        for (MatchResultCopy m : text.takeAll(IN_DAYS)) {
            dates.add(today.plusDays(num(m.group(1))));
        }
        List<MatchResultCopy> weekdays = text.takeAll(WEEKDAY_PHRASE);
        if (dates.size() + weekdays.size() > 1) {
            throw new ParseException("more than one day is given; give one");
        }
        LocalTime[] times = times(text, tonight);
        if (dates.isEmpty() && weekdays.isEmpty()) {
            throw new ParseException("no day is given; say today, tomorrow, a weekday or a date");
        }
        if (times[0] == null) {
            throw new ParseException("no time is given; say for example 'at 2pm' or 'at 14:00'");
        }
        if (!weekdays.isEmpty()) {
            MatchResultCopy m = weekdays.get(0);
            DayOfWeek day = DayOfWeek.valueOf(m.group(2).toUpperCase(Locale.ROOT));
            boolean next = m.group(1) != null && m.group(1).equalsIgnoreCase("next");
            return new When(null, true, day, next, times[0], times[1]);
        }
        return new When(dates.get(0), false, null, false, times[0], times[1]);
    }

    private static LocalTime[] times(MessageText text, boolean tonight) throws ParseException {
        List<LocalTime[]> found = new ArrayList<>();
        for (MatchResultCopy m : text.takeAll(RANGE)) {
            if (m.group(3) == null && m.group(6) == null && m.group(2) == null && m.group(5) == null) {
                throw new ParseException("the times '" + m.whole() + "' need am/pm or hh:mm");
            }
            String endMeridiem = m.group(6);
            String startMeridiem = m.group(3) != null ? m.group(3) : endMeridiem;
            LocalTime end = clock(m.whole(), m.group(4), m.group(5), endMeridiem);
            LocalTime start = clock(m.whole(), m.group(1), m.group(2), startMeridiem);
            if (m.group(3) == null && endMeridiem != null && start.isAfter(end)) {
                start = start.minusHours(12); // "11-1pm": the start is in the morning
            }
            found.add(new LocalTime[] {start, end});
        }
        for (MatchResultCopy m : text.takeAll(DAYPART)) {
            String part = m.group(3).toLowerCase(Locale.ROOT);
            found.add(new LocalTime[] {clock(m.whole(), m.group(1), m.group(2), part.equals("morning") ? "am" : "pm"),
                null});
        }
        for (MatchResultCopy m : text.takeAll(TIME)) {
            LocalTime time;
            if (m.group(6) != null) {
                time = m.group(6).equalsIgnoreCase("midnight") ? LocalTime.MIDNIGHT : LocalTime.NOON;
            } else if (m.group(3) != null) {
                time = clock(m.whole(), m.group(1), m.group(2), m.group(3));
            } else {
                time = clock(m.whole(), m.group(4), m.group(5), null);
            }
            found.add(new LocalTime[] {time, null});
        }
        for (MatchResultCopy m : text.takeAll(BARE_HOUR)) {
            int hour = num(m.group(1));
            if (tonight && hour >= 5 && hour <= 11) {
                found.add(new LocalTime[] {LocalTime.of(hour + 12, 0), null});
                continue;
            }
            if (hour >= 1 && hour <= 12) {
                throw new ParseException("'" + m.whole() + "' is ambiguous; say " + hour + "am or " + hour + "pm");
            }
            found.add(new LocalTime[] {clock(m.whole(), m.group(1), null, null), null});
        }
        if (found.size() > 1) {
            throw new ParseException("more than one time is given; give one start time or one range");
        }
        return found.isEmpty() ? new LocalTime[] {null, null} : found.get(0);
    }

    private static LocalTime clock(String phrase, String hourText, String minuteText, String meridiem)
            throws ParseException {
        int hour = num(hourText);
        int minute = minuteText == null ? 0 : num(minuteText);
        if (meridiem != null) {
            if (hour < 1 || hour > 12) {
                throw new ParseException("'" + phrase + "' is not a time: hours go from 1 to 12 with am/pm");
            }
            boolean pm = meridiem.toLowerCase(Locale.ROOT).startsWith("p");
            hour = hour % 12 + (pm ? 12 : 0);
        }
        if (hour > 23 || minute > 59) {
            throw new ParseException("'" + phrase + "' is not a time of day");
        }
        return LocalTime.of(hour, minute);
    }

    /** A date without a year is the next one on or after today (February 29 included). */
    private static LocalDate monthDay(String phrase, String month, String day, String year, LocalDate today)
            throws ParseException {
        int monthNumber = monthNumber(month);
        if (year != null) {
            return date(phrase, () -> LocalDate.of(num(year), monthNumber, num(day)));
        }
        MonthDay monthDay = date(phrase, () -> MonthDay.of(monthNumber, num(day)));
        for (int year1 = today.getYear(); ; year1++) {
            if (monthDay.isValidYear(year1) && !monthDay.atYear(year1).isBefore(today)) {
                return monthDay.atYear(year1);
            }
        }
    }

    private static int monthNumber(String month) {
        String m = month.toLowerCase(Locale.ROOT).replace(".", "");
        String[] prefixes = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
        for (int i = 0; i < prefixes.length; i++) {
            if (m.startsWith(prefixes[i])) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException(month);
    }

    private interface DateSupplier<T> {
        T get();
    }

    private static <T> T date(String phrase, DateSupplier<T> supplier) throws ParseException {
        try {
            return supplier.get();
        } catch (DateTimeException e) {
            throw new ParseException("'" + phrase + "' is not a valid date");
        }
    }

    private static int num(String digits) {
        return Integer.parseInt(digits);
    }
}
