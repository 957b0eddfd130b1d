package dev.scheduler.request;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of a message not yet understood. Each recognised phrase is blanked out, so the
 * words left at the end are the title and nothing is read twice.
 */
final class MessageText {

    private String text;

    MessageText(String message) {
        this.text = " " + message.replaceAll("\\s+", " ").trim() + " ";
    }

    /** Every match of {@code pattern} in what is left, each blanked out. */
    List<MatchResultCopy> takeAll(Pattern pattern) {
        List<MatchResultCopy> found = new ArrayList<>();
        Matcher matcher = pattern.matcher(text);
        StringBuilder rest = new StringBuilder();
        while (matcher.find()) {
            found.add(new MatchResultCopy(matcher));
            matcher.appendReplacement(rest, " ");
        }
        matcher.appendTail(rest);
        text = rest.toString();
        return found;
    }

    /** The first match of {@code pattern} in what is left, without taking it. */
    MatchResultCopy peek(Pattern pattern) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? new MatchResultCopy(matcher) : null;
    }

    String rest() {
        return text;
    }

    /** The groups of one match, kept after the matcher moves on. */
    record MatchResultCopy(String whole, List<String> groups) {

        MatchResultCopy(Matcher matcher) {
            this(matcher.group().trim(), groupsOf(matcher));
        }

        private static List<String> groupsOf(Matcher matcher) {
            List<String> groups = new ArrayList<>();
            for (int i = 0; i <= matcher.groupCount(); i++) {
                groups.add(matcher.group(i));
            }
            return groups;
        }

        String group(int index) {
            return groups.get(index);
        }
    }
}
