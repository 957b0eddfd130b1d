package dev.deployer.pipeline;

import dev.deployer.infrastructure.check.SecurityChecks;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.stack.ComposeLabels;
import dev.deployer.rollback.ReleaseLedger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** What the security checks of verify and of the monitor need to know about a run's stack. */
public final class SecurityFacts {

  private SecurityFacts() {}

  /**
   * The image ids the running release pinned: this run's own when it deployed, else the ledger's
   * record of the release each container carries in its label, or of the current release when that
   * one is no longer in the ledger (a container a later deploy left running has the same image).
   */
  public static Map<String, String> pinnedImageIds(DeployContext context) {
    if (!context.imageIds().isEmpty()) {
      return Map.copyOf(context.imageIds());
    }
    ReleaseLedger ledger = new ReleaseLedger(context.stateDirectory());
    Map<String, String> pinned = new TreeMap<>();
    for (ContainerInfo container : context.engine().containers(ComposeLabels.project(context.project().name()))) {
      String release = container.label(ComposeLabels.RELEASE);
      String service = container.label(ComposeLabels.SERVICE);
      if (release != null && service != null && container.running()) {
        ledger.find(release).or(ledger::current).map(r -> r.services().get(service))
            .filter(image -> image.imageId() != null).ifPresent(image -> pinned.put(service, image.imageId()));
      }
    }
    return pinned;
  }

  /** Default values of secrets in compose.yaml and the deployment config: a deploy must not keep them. */
  public static Set<String> defaultSecrets(DeployContext context) {
    List<String> texts = new ArrayList<>();
    for (Path file : List.of(context.config().composeFile(), context.request().configFile())) {
      try {
        texts.add(Files.readString(file));
      } catch (IOException e) {
        context.events().warning("validate baseline", "cannot read " + file + " for default secrets: " + e.getMessage());
      }
    }
    return SecurityChecks.defaultSecretValues(texts);
  }
}
