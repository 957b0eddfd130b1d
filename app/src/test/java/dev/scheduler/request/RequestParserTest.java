package dev.scheduler.request;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.scheduler.member.Member;
import dev.scheduler.resource.Resource;

import static org.assertj.core.api.Assertions.assertThat;

/** The parser on a fixed clock: Wednesday 2026-01-07 10:00 UTC. */
class RequestParserTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-07T10:00:00Z"), ZoneOffset.UTC);
    static final List<Member> MEMBERS = List.of(new Member(1, "Emma"), new Member(2, "Noah"), new Member(3, "Liam"),
            new Member(4, "Mary Ann"));
    static final List<Resource> RESOURCES = List.of(new Resource(1, "Family car", "car"),
            new Resource(2, "Soccer field", "field"), new Resource(3, "Study", "room"),
            new Resource(4, "Kitchen", "room"));

    private final RequestParser parser = new RequestParser(CLOCK);

    private ParseResult parse(String message) {
        return parser.parse(message, MEMBERS, RESOURCES);
    }

    private static List<Long> ids(String spaced) {
        List<Long> ids = new ArrayList<>();
        if (spaced != null) {
            for (String id : spaced.trim().split("\\s+")) {
                ids.add(Long.parseLong(id));
            }
        }
        return ids;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            Schedule soccer practice Saturday at 2pm for Emma, 90 minutes, field | Soccer practice | 2026-01-10T14:00:00Z | 2026-01-10T15:30:00Z | 1 | 2
            Dentist tomorrow at 9am for Noah                                | Dentist          | 2026-01-08T09:00:00Z | 2026-01-08T10:00:00Z | 2 | -
            Piano lesson today at 4:30 pm for Liam for 45 minutes           | Piano lesson     | 2026-01-07T16:30:00Z | 2026-01-07T17:15:00Z | 3 | -
            Book the car tomorrow 8am-10am for Emma                         | Family car       | 2026-01-08T08:00:00Z | 2026-01-08T10:00:00Z | 1 | 1
            Team meeting next Monday at 14:00 for 1h                        | Team meeting     | 2026-01-12T14:00:00Z | 2026-01-12T15:00:00Z | - | -
            Swimming on Friday at 5pm with Emma and Noah for 1.5 hours      | Swimming         | 2026-01-09T17:00:00Z | 2026-01-09T18:30:00Z | 1 2 | -
            Movie night on 2026-01-20 at 19:30 for everyone                 | Movie night      | 2026-01-20T19:30:00Z | 2026-01-20T20:30:00Z | 1 2 3 4 | -
            Birthday party on January 24th at noon for 3 hours              | Birthday party   | 2026-01-24T12:00:00Z | 2026-01-24T15:00:00Z | - | -
            Doctor appointment 15 February at 10:15am for Mary Ann          | Doctor appointment | 2026-02-15T10:15:00Z | 2026-02-15T11:15:00Z | 4 | -
            Homework help in 3 days at 6pm for Liam, 30 min                 | Homework help    | 2026-01-10T18:00:00Z | 2026-01-10T18:30:00Z | 3 | -
            Soccer practice Wednesday at 2pm                                | Soccer practice  | 2026-01-07T14:00:00Z | 2026-01-07T15:00:00Z | - | -
            Breakfast Wednesday at 8am                                      | Breakfast        | 2026-01-14T08:00:00Z | 2026-01-14T09:00:00Z | - | -
            Next Wednesday at 8am yoga                                      | Yoga             | 2026-01-14T08:00:00Z | 2026-01-14T09:00:00Z | - | -
            next friday at 8am yoga                                         | Yoga             | 2026-01-09T08:00:00Z | 2026-01-09T09:00:00Z | - | -
            Call with grandma tomorrow from 14:00 to 15:30                  | Call with grandma | 2026-01-08T14:00:00Z | 2026-01-08T15:30:00Z | - | -
            Guitar lesson the day after tomorrow at 3 in the afternoon for Emma | Guitar lesson | 2026-01-09T15:00:00Z | 2026-01-09T16:00:00Z | 1 | -
            Dinner tonight at 7 with Noah                                   | Dinner           | 2026-01-07T19:00:00Z | 2026-01-07T20:00:00Z | 2 | -
            Run at 6:30am on Thursday for half an hour                      | Run              | 2026-01-08T06:30:00Z | 2026-01-08T07:00:00Z | - | -
            Chess club Thursday 4-5pm for Liam                              | Chess club       | 2026-01-08T16:00:00Z | 2026-01-08T17:00:00Z | 3 | -
            Carpool tomorrow 7:45am, take the car, 1h                       | Carpool          | 2026-01-08T07:45:00Z | 2026-01-08T08:45:00Z | - | 1
            Field trip planning March 3 at 10am                             | Field trip planning | 2026-03-03T10:00:00Z | 2026-03-03T11:00:00Z | - | -
            Mary Ann's recital on December 5 at 6pm                         | Recital          | 2026-12-05T18:00:00Z | 2026-12-05T19:00:00Z | 4 | -
            Meeting at Riverside Park tomorrow at 10am                      | Meeting          | 2026-01-08T10:00:00Z | 2026-01-08T11:00:00Z | - | -
            Grocery run tomorrow at 5 pm, 1 hour 15 minutes                 | Grocery run      | 2026-01-08T17:00:00Z | 2026-01-08T18:15:00Z | - | -
            Tutoring tomorrow at 13 for 2 hours                             | Tutoring         | 2026-01-08T13:00:00Z | 2026-01-08T15:00:00Z | - | -
            Nap tomorrow at midnight for 20 mins                            | Nap              | 2026-01-08T00:00:00Z | 2026-01-08T00:20:00Z | - | -
            Please schedule a checkup for Emma on Jan 30 at 11am            | Checkup          | 2026-01-30T11:00:00Z | 2026-01-30T12:00:00Z | 1 | -
            Volunteering 2026-03-01 9am-1pm                                 | Volunteering     | 2026-03-01T09:00:00Z | 2026-03-01T13:00:00Z | - | -
            Late show tomorrow 11pm-1am                                     | Late show        | 2026-01-08T23:00:00Z | 2026-01-09T01:00:00Z | - | -
            Swim meet for Emma & Noah Saturday at 8am for an hour and a half | Swim meet       | 2026-01-10T08:00:00Z | 2026-01-10T09:30:00Z | 1 2 | -
            Drive Liam to practice tomorrow at 3pm using the car            | Drive to practice | 2026-01-08T15:00:00Z | 2026-01-08T16:00:00Z | 3 | 1
            Soccer tomorrow at 2pm at the field for Emma                    | Soccer           | 2026-01-08T14:00:00Z | 2026-01-08T15:00:00Z | 1 | 2
            Book Soccer field Friday 10:00-11:00 for tournament prep        | Tournament prep  | 2026-01-09T10:00:00Z | 2026-01-09T11:00:00Z | - | 2
            Baking in the Kitchen tomorrow at 10am with Emma                | Baking           | 2026-01-08T10:00:00Z | 2026-01-08T11:00:00Z | 1 | 4
            Reading hour tomorrow at 8 pm for 1h30                          | Reading hour     | 2026-01-08T20:00:00Z | 2026-01-08T21:30:00Z | - | -
            Karate 2026-01-09 at 17:00 for 2 and a half hours for Noah      | Karate           | 2026-01-09T17:00:00Z | 2026-01-09T19:30:00Z | 2 | -
            Parent evening on the 12th of January at 7:15 p.m.              | Parent evening   | 2026-01-12T19:15:00Z | 2026-01-12T20:15:00Z | - | -
            Trip to grandma on Feb 2, 2027 at 9am for a quarter of an hour  | Trip to grandma  | 2027-02-02T09:00:00Z | 2027-02-02T09:15:00Z | - | -
            SOCCER PRACTICE SATURDAY AT 2PM FOR EMMA                        | SOCCER PRACTICE  | 2026-01-10T14:00:00Z | 2026-01-10T15:00:00Z | 1 | -
            Vet visit this Thursday between 2 and 3pm                       | Vet visit        | 2026-01-08T14:00:00Z | 2026-01-08T15:00:00Z | - | -
            Dentist for Emma on January 5 at 9am                            | Dentist          | 2027-01-05T09:00:00Z | 2027-01-05T10:00:00Z | 1 | -
            """)
    void understands(String message, String title, Instant start, Instant end, String members, String resources) {
        ParseResult result = parse(message);
        assertThat(result).isInstanceOf(ParseResult.Parsed.class);
        ParseResult.Parsed parsed = (ParseResult.Parsed) result;
        assertThat(parsed.title()).isEqualTo(title);
        assertThat(parsed.start()).isEqualTo(start);
        assertThat(parsed.end()).isEqualTo(end);
        assertThat(parsed.memberIds()).isEqualTo(ids(members));
        assertThat(parsed.resourceIds()).isEqualTo(ids(resources));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            Soccer practice at 2pm                                 | no day is given
            Soccer practice tomorrow                               | no time is given
            Soccer practice tomorrow at 2                          | 'at 2' is ambiguous
            Soccer practice 12/05 at 2pm                           | the date '12/05' is ambiguous
            Soccer practice for Olivia tomorrow at 2pm             | no member called Olivia
            Breakfast today at 9am                                 | already passed
            Meeting tomorrow at 2pm and at 4pm                     | more than one time
            Meeting tomorrow or on Friday at 2pm                   | more than one day
            Meeting tomorrow at 2pm for 30 hours                   | longer than a day
            Meeting tomorrow at 25:00                              | not a time of day
            Meeting on February 30 at 2pm                          | not a valid date
            Tomorrow at 3pm                                        | no title
            Homework tomorrow at 4pm in the room                   | which room? there are 2
            Meeting tomorrow at 13pm                               | hours go from 1 to 12
            Sleepover tomorrow from 8 to 10                        | need am/pm
            Practice tomorrow 2-4pm for 3 hours                    | disagree
            Practice on Sat at 3pm                                 | no day is given
            Meeting tomorrow at 2pm for 0 minutes                  | longer than zero
            Meeting tomorrow at 2pm for 1h and 30 minutes twice 2h | more than one duration
            """)
    void rejectsWithAReason(String message, String reason) {
        ParseResult result = parse(message);
        assertThat(result).isInstanceOf(ParseResult.Rejected.class);
        assertThat(((ParseResult.Rejected) result).reason()).contains(reason);
    }

    @Test
    void rejectsEmptyAndOverlongMessages() {
        assertThat(parse("  ")).isEqualTo(new ParseResult.Rejected("the message is empty"));
        assertThat(parse("x".repeat(501))).isInstanceOf(ParseResult.Rejected.class);
    }

    @Test
    void rejectsANameTwoMembersShare() {
        List<Member> twins = List.of(new Member(1, "Emma"), new Member(5, "emma"));
        assertThat(parser.parse("Soccer tomorrow at 2pm for Emma", twins, RESOURCES))
                .isEqualTo(new ParseResult.Rejected("more than one member is called Emma; rename one or use /events"));
    }

    @Test
    void rejectsAResourceKindThatDoesNotExist() {
        assertThat(parser.parse("Soccer tomorrow at 2pm at the field", MEMBERS, List.of()))
                .isInstanceOf(ParseResult.Rejected.class);
    }

    @Test
    void sameInputGivesTheSameResult() {
        String message = "Schedule soccer practice Saturday at 2pm for Emma, 90 minutes, field";
        assertThat(parse(message)).isEqualTo(parse(message));
    }
}
