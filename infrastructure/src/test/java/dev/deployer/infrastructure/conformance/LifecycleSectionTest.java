package dev.deployer.infrastructure.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deployer.infrastructure.compose.ComposeException;
import dev.deployer.infrastructure.compose.ComposeJson;
import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.compose.PullPolicy;
import dev.deployer.infrastructure.compose.ServiceHook;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Compose Specification, spec/05-services.md {@code post_start}, {@code pre_stop}, {@code
 * pull_policy} and {@code pull_refresh_after} (schema/compose-spec.json: {@code service_hook}, the
 * pull_policy pattern {@code every_([0-9]+[wdhms])+}), phase parse; the policy's decisions as
 * compose-go's {@code GetPullPolicy} and Compose's {@code mustPull} make them.
 */
class LifecycleSectionTest {

  @TempDir
  Path dir;

  private ComposeService only(String entry) throws ComposeException {
    return Spec.load(dir, "services:\n  app:\n    image: alpine:3.17\n" + entry).services().get("app");
  }

  private ComposeException failure(String entry) {
    return Spec.failure(dir, "services:\n  app:\n    image: alpine:3.17\n" + entry);
  }

  /** 05-services.md post_start: the spec's example (a string command is split as a shell would). */
  @Test
  void postStartAsInTheSpecsExample() throws Exception {
    ComposeService s = only("""
            post_start:
              - command: ./do_something_on_startup.sh --now "a b"
                user: root
                privileged: true
                working_dir: /srv
                environment:
                  - FOO=BAR
        """);

    assertThat(s.options().postStart()).containsExactly(new ServiceHook(
        List.of("./do_something_on_startup.sh", "--now", "a b"), "root", true, "/srv", Map.of("FOO", "BAR")));
    assertThat(s.options().preStop()).isEmpty();
  }

  /** 05-services.md pre_stop: "equivalent to post_start"; a list command and a map environment, several hooks in order. */
  @Test
  void preStopHooksInOrder() throws Exception {
    ComposeService s = only("""
            pre_stop:
              - command: [sh, -c, "echo bye > /data/bye"]
                environment: {WHO: app}
              - command: sync
        """);

    assertThat(s.options().preStop()).extracting(ServiceHook::command)
        .containsExactly(List.of("sh", "-c", "echo bye > /data/bye"), List.of("sync"));
    assertThat(s.options().preStop().get(0).environment()).isEqualTo(Map.of("WHO", "app"));
    assertThat(s.options().preStop().get(1).user()).isNull();
    assertThat(s.options().preStop().get(1).privileged()).isFalse();
  }

  /** docker compose config prints hooks with the command as a list and only the keys that are set. */
  @Test
  void composeConfigPrintsTheHooks() throws Exception {
    ComposeService s = only("""
            post_start:
              - command: touch /ready
                user: root
            pre_stop:
              - command: [sh, -c, "exit 0"]
                privileged: true
                environment: [A=1]
        """);

    ObjectMapper json = new ObjectMapper();
    assertThat(json.writeValueAsString(ComposeJson.service(s).get("post_start")))
        .isEqualTo("[{\"command\":[\"touch\",\"/ready\"],\"user\":\"root\"}]");
    assertThat(json.writeValueAsString(ComposeJson.service(s).get("pre_stop")))
        .isEqualTo("[{\"command\":[\"sh\",\"-c\",\"exit 0\"],\"privileged\":true,\"environment\":{\"A\":\"1\"}}]");
  }

  /** schema service_hook: command is required; other keys are unknown, with the hook's place. */
  @Test
  void aHookWithoutCommandOrWithAnUnknownKeyNamesItsPlace() {
    ComposeException noCommand = failure("    post_start:\n      - user: root\n");
    assertThat(noCommand.key()).isEqualTo("services.app.post_start[0]");
    assertThat(noCommand.line()).isEqualTo(5);
    assertThat(noCommand.reason()).isEqualTo("a hook needs a command");

    ComposeException unknown = failure("    pre_stop:\n      - command: x\n        timeout: 5s\n");
    assertThat(unknown.reason()).contains("unknown or unsupported key 'timeout'");
  }

  /** Compose's ServiceHash: hooks are part of the config (a change recreates); the pull policy is not. */
  @Test
  void hooksChangeTheConfigHashAndThePullPolicyDoesNot() throws Exception {
    String plain = only("").configHash();

    assertThat(only("    pull_policy: always\n").configHash()).isEqualTo(plain);
    assertThat(only("    pull_policy: refresh\n    pull_refresh_after: 1h\n").configHash()).isEqualTo(plain);
    assertThat(only("    post_start: [{command: [\"true\"]}]\n").configHash()).isNotEqualTo(plain);
    assertThat(only("    pre_stop: [{command: [\"true\"]}]\n").configHash()).isNotEqualTo(plain);
  }

  /** 05-services.md pull_policy: every value of the spec, with the kind and period compose-go's GetPullPolicy gives it. */
  @ParameterizedTest(name = "pull_policy: {0}")
  @CsvSource({
      "always, ALWAYS, ",
      "never, NEVER, ",
      "missing, MISSING, ",
      "if_not_present, MISSING, ",
      "daily, REFRESH, PT24H",
      "weekly, REFRESH, PT168H",
      "every_12h, REFRESH, PT12H",
      "every_1w2d, REFRESH, PT216H",
      "every_1h30m15s, REFRESH, PT1H30M15S",
  })
  void pullPolicyValues(String value, PullPolicy.Kind kind, Duration period) throws Exception {
    ComposeService s = only("    pull_policy: " + value + "\n");

    assertThat(s.options().pullPolicy()).isEqualTo(new PullPolicy(kind, period, value, null));
    assertThat(ComposeJson.service(s).get("pull_policy")).isEqualTo(value);
  }

  /** 05-services.md pull_policy build: "Compose builds the image", so the service needs a build section. */
  @Test
  void pullPolicyBuildNeedsABuildSection() throws Exception {
    java.nio.file.Files.writeString(dir.resolve("Dockerfile"), "FROM alpine:3.17\n");
    ComposeService built = Spec.load(dir, "services:\n  app:\n    build: .\n    pull_policy: build\n")
        .services().get("app");
    assertThat(built.options().pullPolicy()).isEqualTo(new PullPolicy(PullPolicy.Kind.BUILD, null, "build", null));

    ComposeException imageOnly = failure("    pull_policy: build\n");
    assertThat(imageOnly.key()).isEqualTo("services.app.pull_policy");
    assertThat(imageOnly.line()).isEqualTo(4);
    assertThat(imageOnly.reason()).isEqualTo("pull_policy build requires a build section");
  }

  /** schema: pull_refresh_after, the period of pull_policy refresh. */
  @Test
  void refreshWithPullRefreshAfter() throws Exception {
    ComposeService s = only("    pull_policy: refresh\n    pull_refresh_after: 2d\n");

    assertThat(s.options().pullPolicy()).isEqualTo(new PullPolicy(PullPolicy.Kind.REFRESH, Duration.ofDays(2),
        "refresh", "2d"));
    assertThat(ComposeJson.service(s).get("pull_refresh_after")).isEqualTo("2d");
    assertThat(only("").options().pullPolicy()).isEqualTo(PullPolicy.DEFAULT);
    assertThat(ComposeJson.service(only(""))).doesNotContainKeys("pull_policy", "pull_refresh_after");
  }

  /** Values outside the schema's pattern, and a refresh without its period, name file, line and key. */
  @Test
  void badPullPoliciesNameTheirPlace() {
    ComposeException unknown = failure("    pull_policy: sometimes\n");
    assertThat(unknown.key()).isEqualTo("services.app.pull_policy");
    assertThat(unknown.line()).isEqualTo(4);
    assertThat(unknown.reason()).startsWith("invalid pull_policy 'sometimes'");

    assertThat(failure("    pull_policy: every_12x\n").reason()).startsWith("invalid duration '12x'");
    assertThat(failure("    pull_policy: refresh\n").reason())
        .isEqualTo("pull_policy refresh needs pull_refresh_after (e.g. 12h)");
    ComposeException stray = failure("    pull_policy: always\n    pull_refresh_after: 1h\n");
    assertThat(stray.key()).isEqualTo("services.app.pull_refresh_after");
    assertThat(stray.reason()).isEqualTo("pull_refresh_after applies with pull_policy: refresh only");
  }

  /** docker compose mustPull: which policy pulls a missing image, and a present one (given its last pull). */
  @Test
  void whenAPolicyPulls() {
    Instant now = Instant.parse("2026-12-06T12:00:00Z");
    PullPolicy daily = new PullPolicy(PullPolicy.Kind.REFRESH, Duration.ofDays(1), "daily", null);

    assertThat(daily.pullsPresent(Optional.of(now.minus(Duration.ofHours(23))), now)).isFalse();
    assertThat(daily.pullsPresent(Optional.of(now.minus(Duration.ofHours(25))), now)).isTrue();
    assertThat(daily.pullsPresent(Optional.empty(), now)).as("no record of a pull").isTrue();
    assertThat(new PullPolicy(PullPolicy.Kind.ALWAYS, null, "always", null).pullsPresent(Optional.of(now), now))
        .isTrue();
    assertThat(PullPolicy.DEFAULT.pullsPresent(Optional.empty(), now)).isFalse();
    assertThat(PullPolicy.DEFAULT.pullsMissing()).isTrue();
    assertThat(new PullPolicy(PullPolicy.Kind.NEVER, null, "never", null).pullsMissing()).isFalse();
    assertThat(new PullPolicy(PullPolicy.Kind.BUILD, null, "build", null).pullsMissing()).isFalse();
  }
}
