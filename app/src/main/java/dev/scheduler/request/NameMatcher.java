package dev.scheduler.request;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.scheduler.member.Member;
import dev.scheduler.resource.Resource;

/** Finds the members and resources a message names, by their names in the database. */
final class NameMatcher {

    private static final int I = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
    private static final Pattern EVERYONE = Pattern.compile(
            "(?:\\b(?:for|with)\\s+)?\\b(everyone|everybody|the\\s+whole\\s+family|all\\s+of\\s+us)\\b", I);
    private static final String RESOURCE_LEAD = "(?:\\b(?:at|on|in|with|using|take|taking|and|book|booking)\\s+)?"
            + "(?:the\\s+)?\\b";
    // A kind word books only when it reads as a booking ("at the field", "take the car", ", field,"),
    // so that "field trip" stays a title.
    private static final Pattern KIND = Pattern.compile("(?:\\b(?:at|on|in|with|using|take|taking|and|book|booking)"
            + "\\s+(?:the\\s+)?|\\bthe\\s+)\\b(car|room|field)s?\\b|(?:^|,)\\s*(car|room|field)s?\\s*(?=,|$)", I);
    private static final Pattern UNKNOWN_PERSON = Pattern.compile(
            "\\b(?:for|with)\\s+(?:and\\s+)?(\\p{Lu}[\\p{L}'-]+)");

    private NameMatcher() {
    }

    static List<Long> members(MessageText text, List<Member> members) throws ParseException {
        TreeSet<Long> ids = new TreeSet<>();
        if (!text.takeAll(EVERYONE).isEmpty()) {
            members.forEach(member -> ids.add(member.id()));
        }
        Map<String, List<Member>> byName = members.stream()
                .collect(Collectors.groupingBy(member -> member.name().toLowerCase(Locale.ROOT)));
        List<String> names = new ArrayList<>(byName.keySet());
        names.sort(Comparator.comparing(String::length).reversed().thenComparing(Comparator.naturalOrder()));
        for (String name : names) {
            Pattern pattern = Pattern.compile("(?:\\b(?:for|with|and|&|plus)\\s+)?(?<![\\p{L}\\d])"
                    + Pattern.quote(name) + "(?:'s)?(?![\\p{L}\\d])", I);
            if (text.takeAll(pattern).isEmpty()) {
                continue;
            }
            List<Member> same = byName.get(name);
            if (same.size() > 1) {
                throw new ParseException("more than one member is called " + same.get(0).name()
                        + "; rename one or use /events");
            }
            ids.add(same.get(0).id());
        }
        var unknown = text.peek(UNKNOWN_PERSON);
        if (unknown != null) {
            throw new ParseException("there is no member called " + unknown.group(1));
        }
        return List.copyOf(ids);
    }

    static List<Long> resources(MessageText text, List<Resource> resources) throws ParseException {
        TreeSet<Long> ids = new TreeSet<>();
        List<Resource> byLength = new ArrayList<>(resources);
        byLength.sort(Comparator.comparing((Resource r) -> r.name().length()).reversed()
                .thenComparing(Resource::id));
        for (Resource resource : byLength) {
            Pattern pattern = Pattern.compile(RESOURCE_LEAD + "(?<![\\p{L}\\d])" + Pattern.quote(resource.name())
                    + "(?![\\p{L}\\d])", I);
            if (!text.takeAll(pattern).isEmpty()) {
                ids.add(resource.id());
            }
        }
        for (var m : text.takeAll(KIND)) {
            String kind = (m.group(1) != null ? m.group(1) : m.group(2)).toLowerCase(Locale.ROOT);
            List<Resource> ofKind = resources.stream().filter(r -> r.kind().equals(kind)).toList();
            if (ofKind.isEmpty()) {
                throw new ParseException("there is no " + kind + " to book; add one under /resources first");
            }
            if (ofKind.size() > 1 && ofKind.stream().noneMatch(r -> ids.contains(r.id()))) {
                throw new ParseException("which " + kind + "? there are " + ofKind.size() + ": "
                        + ofKind.stream().map(Resource::name).collect(Collectors.joining(", ")));
            }
            if (ofKind.size() == 1) {
                ids.add(ofKind.get(0).id());
            }
        }
        return List.copyOf(ids);
    }
}
