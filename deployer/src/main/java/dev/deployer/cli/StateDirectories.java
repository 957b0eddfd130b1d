package dev.deployer.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where an environment's ledger, rollback requests, audit trail, backups and reports live: the
 * directory {@code --state-dir} or {@code DEPLOYER_STATE_DIR} names (one subdirectory per
 * environment), else one fixed per engine and project under the user's state home, so every
 * working directory finds the same state for the same target.
 */
final class StateDirectories {

  static final String VARIABLE = "DEPLOYER_STATE_DIR";

  private StateDirectories() {}

  /** The directory the operator named, if any: the option first, then the variable. */
  static Path named(Path option, Map<String, String> environment) {
    if (option != null) {
      return option;
    }
    String variable = environment.get(VARIABLE);
    return variable == null || variable.isBlank() ? null : Path.of(variable);
  }

  /** {@code ${XDG_STATE_HOME:-$HOME/.local/state}/deployer/<engine id>/<project>}. */
  static Path ofTarget(Map<String, String> environment, String engineId, String project) {
    return home(environment).resolve(safe(engineId)).resolve(safe(project));
  }

  static Path home(Map<String, String> environment) {
    String xdg = environment.get("XDG_STATE_HOME");
    Path base = xdg != null && xdg.startsWith("/") ? Path.of(xdg)
        : Path.of(environment.getOrDefault("HOME", System.getProperty("user.home")), ".local", "state");
    return base.resolve("deployer");
  }

  /** Docker's engine ids hold colons ("ABCD:EFGH:..."); a path component keeps letters, digits, '.', '_', '-'. */
  static String safe(String name) {
    String cleaned = name.replaceAll("[^A-Za-z0-9._-]", "-");
    return cleaned.isEmpty() || cleaned.startsWith(".") ? "_" + cleaned : cleaned;
  }
}
