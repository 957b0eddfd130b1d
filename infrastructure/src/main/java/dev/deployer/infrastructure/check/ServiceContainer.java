package dev.deployer.infrastructure.check;

import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.engine.ContainerSettings;
import dev.deployer.infrastructure.engine.ImageConfig;
import java.util.Set;

/**
 * One service of a running stack as the engine shows it: its container, how that container was
 * created, and its image's own configuration. {@code app} marks services the toolkit builds and
 * health-checks (api, worker), as opposed to data stores (db, redis). {@code declaredEnvironment}
 * names the variables the Compose file sets, as opposed to those the image brings.
 */
public record ServiceContainer(
    String service,
    boolean app,
    ContainerInfo container,
    ContainerSettings settings,
    ImageConfig image,
    Set<String> declaredEnvironment) {

  public ServiceContainer {
    declaredEnvironment = Set.copyOf(declaredEnvironment);
  }

  /** The user the process runs as: the container's own setting, else the image's; empty means root. */
  public String effectiveUser() {
    if (settings != null && !settings.user().isEmpty()) {
      return settings.user();
    }
    return image == null ? "" : image.user();
  }

  public boolean runsAsRoot() {
    String user = effectiveUser();
    String name = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
    return name.isEmpty() || name.equals("root") || name.equals("0");
  }
}
