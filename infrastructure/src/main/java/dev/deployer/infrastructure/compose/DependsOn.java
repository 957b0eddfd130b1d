package dev.deployer.infrastructure.compose;

import java.util.Locale;
import java.util.Objects;

/** One {@code depends_on} entry. */
public record DependsOn(Condition condition, boolean required, boolean restart) {

  public DependsOn {
    Objects.requireNonNull(condition, "condition");
  }

  /** The short-syntax default: started, required, no restart. */
  public static DependsOn started() {
    return new DependsOn(Condition.SERVICE_STARTED, true, false);
  }

  /** A dependency condition, spelled in the file as {@link #composeName()}. */
  public enum Condition {
    SERVICE_STARTED,
    SERVICE_HEALTHY,
    SERVICE_COMPLETED_SUCCESSFULLY;

    public String composeName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Returns null for an unknown name. */
    static Condition fromComposeName(String name) {
      for (Condition c : values()) {
        if (c.composeName().equals(name)) {
          return c;
        }
      }
      return null;
    }
  }
}
