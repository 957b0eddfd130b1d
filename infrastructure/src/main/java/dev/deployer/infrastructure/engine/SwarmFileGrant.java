package dev.deployer.infrastructure.engine;

/**
 * A Swarm secret or config a service's tasks are given: the object by its engine name, where the
 * file appears in the container, its owner and its octal mode (Swarm's defaults 0, 0 and 0444).
 */
public record SwarmFileGrant(Kind kind, String name, String target, String uid, String gid, int mode) {

  /** A Swarm secret (kept encrypted, on tmpfs in the task) or config. */
  public enum Kind {
    SECRET("secrets"),
    CONFIG("configs");

    private final String endpoint;

    Kind(String endpoint) {
      this.endpoint = endpoint;
    }

    /** The Engine API's path for the kind: {@code secrets} or {@code configs}. */
    public String endpoint() {
      return endpoint;
    }
  }

  public SwarmFileGrant {
    uid = uid == null ? "0" : uid;
    gid = gid == null ? "0" : gid;
  }
}
