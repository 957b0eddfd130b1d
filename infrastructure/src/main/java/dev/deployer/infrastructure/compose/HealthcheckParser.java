package dev.deployer.infrastructure.compose;

import dev.deployer.infrastructure.compose.YamlValue.Mapping;
import dev.deployer.infrastructure.compose.YamlValue.Sequence;
import java.util.List;
import java.util.Set;

/** A service {@code healthcheck}: test (CMD, CMD-SHELL, NONE, or a string), durations, retries. */
final class HealthcheckParser {

  private static final Set<String> KEYS =
      Set.of("test", "interval", "timeout", "retries", "start_period", "start_interval", "disable");

  private HealthcheckParser() {}

  static Healthcheck parse(YamlValue value) throws ComposeException {
    Mapping mapping = Nodes.mapping(value);
    Nodes.allowKeys(mapping, KEYS);
    boolean disabled = Nodes.bool(mapping.get("disable"), false);
    YamlValue testValue = mapping.get("test");
    List<String> test = testValue == null ? List.of() : test(testValue);
    if (disabled && !test.isEmpty() && !test.get(0).equals("NONE")) {
      throw mapping.error("'test' and 'disable: true' cannot be combined");
    }
    int retries = 0;
    YamlValue retriesValue = mapping.get("retries");
    if (retriesValue != null) {
      retries = Nodes.integer(retriesValue);
      if (retries < 0) {
        throw retriesValue.error("must not be negative");
      }
    }
    return new Healthcheck(
        test,
        Nodes.duration(mapping.get("interval")),
        Nodes.duration(mapping.get("timeout")),
        retries,
        Nodes.duration(mapping.get("start_period")),
        Nodes.duration(mapping.get("start_interval")),
        disabled);
  }

  private static List<String> test(YamlValue value) throws ComposeException {
    if (!(value instanceof Sequence)) {
      String command = Nodes.string(value);
      return command.isEmpty() ? List.of() : List.of("CMD-SHELL", command);
    }
    List<String> test = Nodes.stringList(value);
    if (test.isEmpty()) {
      return test;
    }
    switch (test.get(0)) {
      case "NONE":
        if (test.size() > 1) {
          throw value.error("NONE takes no arguments");
        }
        return test;
      case "CMD":
      case "CMD-SHELL":
        if (test.size() < 2) {
          throw value.error(test.get(0) + " needs a command");
        }
        return test;
      default:
        throw value.error(
            "must start with CMD, CMD-SHELL or NONE, not '" + test.get(0) + "'");
    }
  }
}
