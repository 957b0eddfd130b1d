package dev.deployer.infrastructure.compose;

import java.util.Locale;

/** Compose project names: lowercase letters, digits, '_' and '-', starting with a letter or digit. */
final class ProjectNames {

  private ProjectNames() {}

  /** As Compose's NormalizeProjectName: lowercase, drop other characters, trim leading _ and -. */
  static String normalize(String raw) {
    String lower = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "");
    return lower.replaceFirst("^[_-]+", "");
  }

  static boolean isValid(String name) {
    return name.matches("[a-z0-9][a-z0-9_-]*");
  }
}
