package dev.deployer.pipeline.swarm;

import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.engine.SwarmEngine;
import dev.deployer.infrastructure.engine.SwarmFileGrant;
import dev.deployer.infrastructure.swarm.SwarmLabels;
import dev.deployer.infrastructure.swarm.SwarmStackFiles;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The stack's Swarm secrets and configs: created before the services that use them, and removed
 * once no service of the stack uses them any more (after a deploy that moved the services to new
 * values, or on {@code down}). Only objects carrying the stack's namespace label are ever removed,
 * so an external secret or config is never touched.
 */
final class StackFileObjects {

  private StackFileObjects() {}

  static void ensure(SwarmEngine swarm, ComposeProject project, Consumer<String> progress) {
    for (SwarmStackFiles.StackFile file : SwarmStackFiles.wanted(project)) {
      if (swarm.ensureFileObject(file.kind(), file.name(), file.data(), file.labels(), file.templateDriver())) {
        progress.accept(kind(file.kind()) + " " + file.name() + " created");
      }
    }
  }

  /** Removes the stack's objects that {@code project} does not use; all of them when it is null. */
  static void removeUnused(SwarmEngine swarm, ComposeProject project, String stack, Consumer<String> progress) {
    Set<String> wanted = new HashSet<>();
    if (project != null) {
      SwarmStackFiles.wanted(project).forEach(file -> wanted.add(file.kind() + "/" + file.name()));
    }
    for (SwarmFileGrant.Kind kind : SwarmFileGrant.Kind.values()) {
      for (String name : swarm.fileObjects(kind, SwarmLabels.stack(stack))) {
        if (!wanted.contains(kind + "/" + name) && swarm.removeFileObject(kind, name)) {
          progress.accept(kind(kind) + " " + name + " removed");
        }
      }
    }
  }

  private static String kind(SwarmFileGrant.Kind kind) {
    return kind == SwarmFileGrant.Kind.SECRET ? "secret" : "config";
  }
}
