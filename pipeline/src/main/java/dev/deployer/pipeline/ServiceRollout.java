package dev.deployer.pipeline;

import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.engine.ContainerSpec;

/**
 * How the start step brings some services to their wanted configuration instead of replacing
 * their container (a blue/green target starts the new one beside the old). The step still starts
 * services in dependency order and waits for each one's dependencies first.
 */
public interface ServiceRollout {

  /** The start step's action for a service whose container runs as it was. */
  String UNCHANGED = "unchanged";

  /** A blue/green action: the wanted release already ran, warm and out of traffic, in the other color. */
  String WARM = "warm";

  /** Every service is replaced in place. */
  ServiceRollout NONE = new ServiceRollout() {
    @Override
    public boolean handles(ComposeService service) {
      return false;
    }

    @Override
    public Started start(DeployContext context, ComposeService service, ContainerSpec spec, String configHash) {
      throw new UnsupportedOperationException(service.name());
    }
  };

  /** Whether this rollout starts {@code service}. */
  boolean handles(ComposeService service);

  /** Runs once, after networks and volumes and before any service starts. */
  default void prepare(DeployContext context) throws PipelineException {}

  /**
   * Brings {@code service} to {@code spec} (made from {@code configHash}), returning the container
   * that now runs it; an action for the report goes to {@link DeployContext#serviceActions()}.
   */
  Started start(DeployContext context, ComposeService service, ContainerSpec spec, String configHash)
      throws PipelineException;

  /** The container a service runs after the start step; {@code replaced}: another one than before. */
  record Started(String id, boolean replaced) {}
}
