package dev.deployer.infrastructure.compose;

import dev.deployer.infrastructure.compose.YamlValue.Mapping;
import dev.deployer.infrastructure.compose.YamlValue.Sequence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code post_start}, {@code pre_stop}, {@code pull_policy} and {@code pull_refresh_after} of one service. */
final class LifecycleParser {

  static final Set<String> KEYS = Set.of("post_start", "pre_stop", "pull_policy", "pull_refresh_after");
  private static final Set<String> HOOK_KEYS = Set.of("command", "user", "privileged", "working_dir", "environment");
  /** compose-spec's schema: {@code every_([0-9]+[wdhms])+}. */
  private static final Pattern PERIOD = Pattern.compile("(?:\\d+[wdhms])+");
  private static final Pattern PART = Pattern.compile("(\\d+)([wdhms])");

  private LifecycleParser() {}

  static List<ServiceHook> hooks(YamlValue value) throws ComposeException {
    if (value == null) {
      return List.of();
    }
    List<ServiceHook> hooks = new ArrayList<>();
    for (YamlValue item : Nodes.sequence(value).items()) {
      Mapping hook = Nodes.mapping(item);
      Nodes.allowKeys(hook, HOOK_KEYS);
      List<String> command = command(hook.get("command"), hook);
      hooks.add(new ServiceHook(command, Nodes.optionalString(hook.get("user")),
          Nodes.bool(hook.get("privileged"), false), Nodes.optionalString(hook.get("working_dir")),
          hook.has("environment") ? Nodes.keyValues(hook.get("environment"), key -> null) : Map.of()));
    }
    return hooks;
  }

  private static List<String> command(YamlValue value, Mapping hook) throws ComposeException {
    if (value == null || value instanceof YamlValue.Scalar s && s.isNull()) {
      throw hook.error("a hook needs a command");
    }
    List<String> words;
    if (value instanceof Sequence) {
      words = Nodes.stringList(value);
    } else {
      String line = Nodes.string(value);
      words = ShellWords.split(line);
      if (words == null) {
        throw value.error("unbalanced quotes or trailing backslash in '" + line + "'");
      }
    }
    if (words.isEmpty()) {
      throw value.error("a hook needs a command");
    }
    return words;
  }

  /** {@code build}: whether the service has a build section, which {@code pull_policy: build} needs. */
  static PullPolicy pullPolicy(YamlValue policyValue, YamlValue refreshValue, boolean build) throws ComposeException {
    String policy = Nodes.optionalString(policyValue);
    String refreshAfter = Nodes.optionalString(refreshValue);
    if (refreshAfter != null && !"refresh".equals(policy)) {
      throw refreshValue.error("pull_refresh_after applies with pull_policy: refresh only");
    }
    if (policy == null) {
      return PullPolicy.DEFAULT;
    }
    return switch (policy) {
      case "always" -> new PullPolicy(PullPolicy.Kind.ALWAYS, null, policy, null);
      case "never" -> new PullPolicy(PullPolicy.Kind.NEVER, null, policy, null);
      case "missing", "if_not_present" -> new PullPolicy(PullPolicy.Kind.MISSING, null, policy, null);
      case "build" -> {
        if (!build) {
          // As nerdctl's compose loader says it; Compose would have nothing to build.
          throw policyValue.error("pull_policy build requires a build section");
        }
        yield new PullPolicy(PullPolicy.Kind.BUILD, null, policy, null);
      }
      case "daily" -> new PullPolicy(PullPolicy.Kind.REFRESH, Duration.ofDays(1), policy, null);
      case "weekly" -> new PullPolicy(PullPolicy.Kind.REFRESH, Duration.ofDays(7), policy, null);
      case "refresh" -> {
        if (refreshAfter == null) {
          throw policyValue.error("pull_policy refresh needs pull_refresh_after (e.g. 12h)");
        }
        yield new PullPolicy(PullPolicy.Kind.REFRESH, period(refreshAfter, refreshValue), policy, refreshAfter);
      }
      default -> {
        if (!policy.startsWith("every_")) {
          throw policyValue.error("invalid pull_policy '" + policy
              + "' (always, never, missing, if_not_present, build, daily, weekly, every_<duration>, refresh)");
        }
        yield new PullPolicy(PullPolicy.Kind.REFRESH, period(policy.substring(6), policyValue), policy, null);
      }
    };
  }

  /** Weeks, days, hours, minutes and seconds, as in {@code every_1w2d} or {@code 12h}. */
  static Duration period(String text, YamlValue value) throws ComposeException {
    if (!PERIOD.matcher(text).matches()) {
      throw value.error("invalid duration '" + text + "' (numbers with w, d, h, m or s, e.g. 12h or 1d12h)");
    }
    Duration total = Duration.ZERO;
    Matcher part = PART.matcher(text);
    while (part.find()) {
      long amount = Long.parseLong(part.group(1));
      total = total.plus(switch (part.group(2)) {
        case "w" -> Duration.ofDays(7 * amount);
        case "d" -> Duration.ofDays(amount);
        case "h" -> Duration.ofHours(amount);
        case "m" -> Duration.ofMinutes(amount);
        default -> Duration.ofSeconds(amount);
      });
    }
    return total;
  }
}
