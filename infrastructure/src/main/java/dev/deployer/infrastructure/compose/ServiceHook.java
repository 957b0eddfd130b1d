package dev.deployer.infrastructure.compose;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One lifecycle hook of {@code post_start} or {@code pre_stop}: a command run in the service's
 * container, as the main command's user and working directory unless set, with the container's
 * environment plus {@code environment}.
 */
public record ServiceHook(List<String> command, String user, boolean privileged, String workingDir,
    Map<String, String> environment) {

  public ServiceHook {
    command = List.copyOf(command);
    if (command.isEmpty()) {
      throw new IllegalArgumentException("a hook needs a command");
    }
    environment = Collections.unmodifiableMap(new TreeMap<>(environment == null ? Map.of() : environment));
  }
}
