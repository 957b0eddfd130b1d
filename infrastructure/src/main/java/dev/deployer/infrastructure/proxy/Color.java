package dev.deployer.infrastructure.proxy;

import java.util.Locale;
import java.util.Optional;

/**
 * The two containers of a service behind the edge: one takes the traffic, the other runs the next
 * release (or keeps the previous one warm). The lowercase name is the HAProxy server name, the
 * container name's suffix and the value of {@link EdgeContainer#COLOR_LABEL}.
 */
public enum Color {
  BLUE,
  GREEN;

  public Color other() {
    return this == BLUE ? GREEN : BLUE;
  }

  /** "blue" or "green". */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Color> parse(String text) {
    for (Color color : values()) {
      if (color.id().equals(text)) {
        return Optional.of(color);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return id();
  }
}
