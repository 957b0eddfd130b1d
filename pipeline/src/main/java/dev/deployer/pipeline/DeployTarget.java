package dev.deployer.pipeline;

import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.stack.StackContainers;

/**
 * Where a stack's services run: containers on one engine, the services of a Swarm stack. Chosen
 * once, when the environment is loaded ({@link StackLoader}); the steps that touch what runs ask
 * the loaded target for its own way of doing their phase, so no step knows which target it is on.
 *
 * <p>A target registers itself in {@code META-INF/services/dev.deployer.pipeline.DeployTarget$Factory}.
 */
public interface DeployTarget {

  /** The name {@code --target} and the config's {@code target:} use. */
  String name();

  /** What must hold before anything changes; {@code lock}: the deploy lock too (an environment's stack). */
  Step preDeployChecks(boolean lock);

  /** Brings the services to the loaded configuration. */
  Step startServices(StartMode mode);

  /** Every service running and healthy (or, for a one-shot service, completed). */
  Step waitForHealthy();

  /** What a client sees: ports accept connections, health endpoints answer. */
  Step verifyEndpoints();

  /** Moves user traffic to what this run started; nothing to do where the target has no traffic switch. */
  Step switchTraffic();

  /**
   * The end of a rollback, once its release is verified: removes what the rollback moved away from
   * where the switch left it running (blue/green); nothing elsewhere.
   */
  default Step removeRolledBack() {
    return Steps.nothing("remove rolled-back release", "the start step replaced what ran");
  }

  /** Removes the stack; its data too with {@code volumes}. */
  Step remove(boolean volumes);

  /** How verify and monitor find the stack's containers on this target. */
  StackContainers containers(LoadedStack stack, ContainerEngine engine);

  /** For {@code status}: who takes the traffic and what is kept for a rollback; empty where the target says nothing. */
  default java.util.List<String> traffic(DeployContext context) {
    return java.util.List.of();
  }

  /** For {@code status}: the target's own view of each service (a Swarm service's mode and tasks); empty where none. */
  default java.util.List<String> services(DeployContext context) {
    return java.util.List.of();
  }

  /**
   * What the monitor watches on this target beyond the stack's own checks (a swarm's nodes), at the
   * health interval; each check's category is its level.
   */
  default java.util.List<dev.deployer.infrastructure.check.Check> monitorChecks(DeployContext context) {
    return java.util.List.of();
  }

  /** Removes what the target keeps for a fast rollback once its time is over (a warm previous release). */
  default void expire(DeployContext context) {}

  /** Whether a deploy of the loaded stack would leave everything running as it is (no backup needed then). */
  boolean changesNothing(DeployContext context);

  /** Why services start: a deploy of a new release, a rollback to an earlier one, or a bare {@code compose up}. */
  enum StartMode {
    DEPLOY, ROLLBACK, UP
  }

  /** Makes the target of a loaded environment; found through {@link java.util.ServiceLoader}. */
  interface Factory {

    /** The target's name, as in {@link DeployTarget#name()}. */
    String name();

    /**
     * Whether this factory makes the target for {@code settings}; of several with one name, the
     * first registered that handles them does (a more specific variant is registered first).
     */
    default boolean handles(LoadedStack.Settings settings) {
      return true;
    }

    DeployTarget create(LoadedStack.Settings settings);
  }
}
