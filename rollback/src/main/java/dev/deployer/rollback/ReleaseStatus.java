package dev.deployer.rollback;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a release is in its life. */
public enum ReleaseStatus {
  /** Recorded; its containers are being started. */
  @JsonProperty("deploying") DEPLOYING,
  /** Started and healthy, not (yet) verified: {@code deployer deploy} without verify. */
  @JsonProperty("deployed") DEPLOYED,
  /** Healthy and verified: a rollback target. */
  @JsonProperty("verified") VERIFIED,
  /** Did not get healthy or failed verification, or the deploy was interrupted. */
  @JsonProperty("failed") FAILED,
  /** Replaced by an earlier release through a rollback. */
  @JsonProperty("rolled-back") ROLLED_BACK;

  public String label() {
    return name().toLowerCase().replace('_', '-');
  }
}
