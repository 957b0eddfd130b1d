package dev.deployer.monitor;

import dev.deployer.infrastructure.check.Check;
import dev.deployer.infrastructure.check.CheckResult;
import dev.deployer.infrastructure.check.NamedCheck;
import dev.deployer.infrastructure.check.RuleCheck;
import dev.deployer.infrastructure.check.SecurityChecks;
import dev.deployer.infrastructure.check.ServiceContainer;
import dev.deployer.infrastructure.config.DeploymentConfig.SecurityLevel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The environment's security rules as the monitor runs them: {@link SecurityChecks} at the
 * environment's level, the rules verify runs, one monitored check per rule at the metrics
 * interval. The stack is looked at afresh once per round and that look is shared by the round's
 * rules, so a release deployed or rolled back while the monitor watches is judged by the image ids
 * it pinned. A FAIL is a violation. A rule that cannot be evaluated this round (the engine or the
 * API not answering) gives WARN instead: that is an outage, which the service checks count, not a
 * security violation to roll back for at once.
 */
public final class SecurityWatch {

  private final SecurityLevel level;
  private final SecurityChecks.Target template;
  private final Supplier<Map<String, String>> pinnedImageIds;
  private final Duration maxAge;
  private final Clock clock;
  private Map<String, Check> rules;
  private Instant looked;

  /**
   * {@code template} is everything but the pinned image ids, which {@code pinnedImageIds} looks up
   * each round (only the maximum level's rule reads them); a look is reused for {@code maxAge}.
   */
  private SecurityWatch(SecurityLevel level, SecurityChecks.Target template,
      Supplier<Map<String, String>> pinnedImageIds, Duration maxAge, Clock clock) {
    this.level = level;
    this.template = template;
    this.pinnedImageIds = pinnedImageIds;
    this.maxAge = maxAge;
    this.clock = clock;
  }

  /** One check per rule of {@code level}; rounds {@code interval} apart each look at the stack once. */
  public static List<MonitoredCheck> checks(SecurityLevel level, SecurityChecks.Target template,
      Supplier<Map<String, String>> pinnedImageIds, Duration interval, Clock clock) {
    SecurityWatch watch = new SecurityWatch(level, template, pinnedImageIds, interval.dividedBy(2), clock);
    return SecurityChecks.forLevel(level, template).stream()
        .map(rule -> MonitoredCheck.metrics(watch.new Rule(rule.name(), rule.category()))).toList();
  }

  /** This round's rules over a fresh look at the stack, or the last round's if it is recent enough. */
  private synchronized Map<String, Check> rules() {
    Instant now = clock.instant();
    if (rules == null || !now.isBefore(looked.plus(maxAge))) {
      Map<String, String> pinned = level == SecurityLevel.MAXIMUM ? pinnedImageIds.get() : Map.of();
      SecurityChecks.Target target = new SecurityChecks.Target(once(template.services()), template.http(),
          template.apiUrl(), template.protectedPath(), template.anonymousHealthUrls(), template.defaultSecrets(),
          template.publicServices(), pinned);
      Map<String, Check> fresh = new LinkedHashMap<>();
      SecurityChecks.forLevel(level, target).forEach(rule -> fresh.put(rule.name(), rule));
      rules = fresh;
      looked = now;
    }
    return rules;
  }

  private static Supplier<List<ServiceContainer>> once(Supplier<List<ServiceContainer>> services) {
    return new Supplier<>() {
      private List<ServiceContainer> value;

      @Override
      public synchronized List<ServiceContainer> get() {
        if (value == null) {
          value = services.get();
        }
        return value;
      }
    };
  }

  /** One security rule, evaluated against the round's look at the stack. */
  private final class Rule extends NamedCheck {

    Rule(String name, String category) {
      super(name, category);
    }

    @Override
    public CheckResult run() {
      Instant start = clock.instant();
      Check rule;
      try {
        rule = rules().get(name());
      } catch (RuntimeException e) {
        return notEvaluated("", e.getMessage(), start);
      }
      CheckResult result = rule.run();
      if (result.failed() && result.actual().startsWith(RuleCheck.CANNOT_EVALUATE)) {
        return notEvaluated(result.expected(), result.actual().substring(RuleCheck.CANNOT_EVALUATE.length()), start);
      }
      return result;
    }

    private CheckResult notEvaluated(String expected, String why, Instant start) {
      Instant now = clock.instant();
      return new CheckResult(name(), category(), CheckResult.Verdict.WARN, expected, "not evaluated this round: " + why,
          Duration.between(start, now), now);
    }
  }
}
