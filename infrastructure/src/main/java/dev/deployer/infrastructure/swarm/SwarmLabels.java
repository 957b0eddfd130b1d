package dev.deployer.infrastructure.swarm;

import dev.deployer.infrastructure.engine.SwarmTaskContainer;
import dev.deployer.infrastructure.stack.StackContainers;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The labels {@code docker stack deploy} puts on a stack's services, networks and volumes, so
 * {@code docker stack ls|ps|services} show ours, plus the ones the engine puts on task containers.
 */
public final class SwarmLabels {

  public static final String NAMESPACE = "com.docker.stack.namespace";
  public static final String IMAGE = "com.docker.stack.image";
  /** Set by the engine on every task container. */
  public static final String SERVICE_NAME = "com.docker.swarm.service.name";
  public static final String TASK_ID = "com.docker.swarm.task.id";
  /** Ours: the release that last changed the service. */
  public static final String RELEASE = "dev.deployer.release";
  /** Ours: a fingerprint of the spec without the labels above, so an unchanged service is left alone. */
  public static final String SPEC_HASH = "dev.deployer.swarm.spec-hash";
  /**
   * Ours, on the service and on its containers: a fingerprint of the task template alone, so each
   * task tells whether it runs the current template (scaling does not change it).
   */
  public static final String TEMPLATE_HASH = "dev.deployer.swarm.template-hash";
  /** Ours: the Compose service a Swarm service was made from ({@code edge} for the edge proxy). */
  public static final String COMPOSE_SERVICE = "dev.deployer.swarm.service";

  private SwarmLabels() {}

  public static Map<String, String> stack(String stack) {
    return Map.of(NAMESPACE, stack);
  }

  /** The Swarm service name of a Compose service in a stack, as {@code docker stack deploy} names it. */
  public static String serviceName(String stack, String service) {
    return stack + "_" + service;
  }

  /**
   * How verify and monitor find a Swarm stack's task containers: by the labels the engine gives
   * them; ports are published by the edge or the ingress, never by the tasks.
   */
  public static StackContainers containers(String stack, Predicate<String> publishes) {
    return containers(stack, publishes, service -> Optional.empty());
  }

  /**
   * As above, on a swarm of several nodes: {@code elsewhere} finds a Swarm service's running task on
   * another node (by the Swarm service's name).
   */
  public static StackContainers containers(String stack, Predicate<String> publishes,
      Function<String, Optional<SwarmTaskContainer>> elsewhere) {
    return containers(stack, publishes, elsewhere, service -> false);
  }

  /** As above, with the services of 0 replicas, whose tasks there is nothing to measure of ({@code runsNone}). */
  public static StackContainers containers(String stack, Predicate<String> publishes,
      Function<String, Optional<SwarmTaskContainer>> elsewhere, Predicate<String> runsNone) {
    return new StackContainers(stack(stack), service -> Map.of(NAMESPACE, stack, SERVICE_NAME,
        serviceName(stack, service)), publishes, service -> false, service -> Optional.empty(),
        service -> elsewhere.apply(serviceName(stack, service)), runsNone);
  }
}
