package dev.deployer.infrastructure.compose;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code pull_policy} (and {@code pull_refresh_after}) as compose-go reads them: {@code daily},
 * {@code weekly}, {@code every_<duration>} and {@code refresh} are a {@link Kind#REFRESH} with its
 * period; {@code if_not_present} is {@link Kind#MISSING}. {@code policy} and {@code refreshAfter}
 * are the texts as written (null when not set), for {@code compose config}.
 */
public record PullPolicy(Kind kind, Duration period, String policy, String refreshAfter) {

  /** No {@code pull_policy}: pull only what is missing (Compose's default). */
  public static final PullPolicy DEFAULT = new PullPolicy(Kind.MISSING, null, null, null);

  public enum Kind {
    ALWAYS, NEVER, MISSING, BUILD, REFRESH
  }

  public PullPolicy {
    if (kind == Kind.REFRESH && (period == null || period.isNegative())) {
      throw new IllegalArgumentException("a refresh policy needs a period");
    }
  }

  /**
   * Whether a present image is to be pulled again: always for {@link Kind#ALWAYS}; for
   * {@link Kind#REFRESH} when its last pull (empty: not known) is {@link #period} or more ago.
   */
  public boolean pullsPresent(Optional<Instant> lastPulled, Instant now) {
    return switch (kind) {
      case ALWAYS -> true;
      case REFRESH -> lastPulled.map(at -> !at.plus(period).isAfter(now)).orElse(true);
      case NEVER, MISSING, BUILD -> false;
    };
  }

  /** Whether a missing image may be pulled (never for {@link Kind#NEVER} or {@link Kind#BUILD}). */
  public boolean pullsMissing() {
    return kind != Kind.NEVER && kind != Kind.BUILD;
  }
}
