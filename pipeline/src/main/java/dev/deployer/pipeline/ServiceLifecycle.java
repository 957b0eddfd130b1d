package dev.deployer.pipeline;

import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.compose.ServiceHook;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.stack.ComposeLabels;
import dev.deployer.infrastructure.stack.LifecycleHooks;
import java.time.Duration;
import java.util.List;

/**
 * The one way the single-host targets start, stop, set aside and remove a service's container,
 * so its lifecycle hooks run as Compose runs them: {@code post_start} right after the container
 * starts (a failing hook fails the start), {@code pre_stop} right before a running one is stopped
 * (a failing hook fails the stop, and the container keeps running). The hooks are those of the
 * service in the loaded file; a container of a service the file no longer has runs none.
 *
 * <p>On blue/green a color's container starts here before the edge points any port at it, so its
 * post_start has run before it takes traffic. A warm color sent the quiet signal is not stopped
 * (Compose's pre_stop is "before the container is stopped"): its pre_stop runs when it is stopped
 * or removed later, through here. While quiet it has no restart policy: a process that dies
 * (out of memory, a crash) is not restarted by the engine, as it would come back not quiet and
 * take work as the old release beside the new one. Resuming it gives it its service's policy back.
 */
public final class ServiceLifecycle {

  private static final Duration STOP_AFTER_FAILED_HOOK = Duration.ofSeconds(10);

  private ServiceLifecycle() {}

  /**
   * Starts a container of {@code service}, then runs its post_start hooks. A container whose hook
   * failed is stopped (its pre_stop first): left running, it would look up to date to the next
   * deploy of the same release, which would then skip the hook; stopped, it is started and hooked
   * again.
   */
  public static void start(DeployContext context, ComposeService service, String id) {
    context.engine().startContainer(id);
    try {
      run(context, service, id, "post_start", service.options().postStart());
    } catch (RuntimeException failed) {
      try {
        context.engine().container(id).ifPresent(container -> stop(context, container, STOP_AFTER_FAILED_HOOK));
      } catch (RuntimeException alsoFailed) {
        failed.addSuppressed(alsoFailed);
      }
      throw failed;
    }
  }

  /** Runs the pre_stop hooks of a running container's service, then stops it. */
  public static void stop(DeployContext context, ContainerInfo container, Duration timeout) {
    preStop(context, container);
    context.engine().stopContainer(container.id(), timeout);
  }

  /** {@link #stop}, then removes the container. */
  public static void remove(DeployContext context, ContainerInfo container, Duration timeout) {
    stop(context, container, timeout);
    context.engine().removeContainer(container.id());
  }

  /** Runs the pre_stop hooks, then stops the container and sets it aside ({@link ContainerEngine#keepContainer}). */
  public static void keep(DeployContext context, ContainerInfo container, Duration timeout) {
    preStop(context, container);
    context.engine().keepContainer(container.id(), timeout);
  }

  /**
   * Quiets a container: restart policy off first (so it cannot come back taking work, even if it
   * dies right after the signal), then {@code signal}. False when it does not run; its policy is
   * off all the same, and the caller stops it.
   */
  public static boolean quiet(DeployContext context, ContainerInfo container, String signal) {
    context.engine().setRestartPolicy(container.id(), null);
    return context.engine().signalContainer(container.id(), signal);
  }

  /**
   * Puts a container {@link #quiet quieted} (or stopped when it left the traffic) back to work:
   * {@code restartPolicy}, its service's, again, then {@code resumeSignal}; a container that does
   * not run (it died while quiet) is started instead, its post_start hooks run. True when started.
   */
  public static boolean resume(DeployContext context, ComposeService service, ContainerInfo container,
      String restartPolicy, String resumeSignal) {
    context.engine().setRestartPolicy(container.id(), restartPolicy);
    if (container.running() && context.engine().signalContainer(container.id(), resumeSignal)) {
      return false;
    }
    start(context, service, container.id());
    return true;
  }

  private static void preStop(DeployContext context, ContainerInfo container) {
    // A stopped container has nothing to run a hook in; Compose ignores the engine's refusal too.
    if (!container.running()) {
      return;
    }
    ComposeService service = context.project().services().get(container.label(ComposeLabels.SERVICE));
    if (service != null) {
      run(context, service, container.id(), "pre_stop", service.options().preStop());
    }
  }

  private static void run(DeployContext context, ComposeService service, String id, String key,
      List<ServiceHook> hooks) {
    if (hooks.isEmpty()) {
      return;
    }
    context.events().progress("lifecycle hooks", service.name() + ": running " + hooks.size() + " " + key
        + " hook" + (hooks.size() == 1 ? "" : "s"));
    // Compose waits for a hook without a limit; the deployer gives it a service's wait timeout.
    LifecycleHooks.run(context.engine(), id, service.name(), key, hooks, context.waitTimeout(),
        line -> context.events().detail("lifecycle hooks", line));
  }
}
