package dev.deployer.infrastructure.stack;

import dev.deployer.infrastructure.swarm.SwarmLabels;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * How a stack's containers are found, for verify and monitor alike: a Compose project's by its
 * Compose labels, a Swarm stack's task containers by the labels the engine gives them.
 * {@code publishes} tells which services' ports are published (on the swarm target a service
 * may be left unpublished); {@code containersPublish} whether the containers themselves bind the
 * host ports (Compose) or something in front of them does (Swarm's ingress or edge proxy).
 */
public record StackContainers(Map<String, String> ofStack, Function<String, Map<String, String>> ofService,
    Predicate<String> publishes, boolean containersPublish) {

  public static StackContainers compose(String project) {
    return new StackContainers(ComposeLabels.project(project), service -> ComposeLabels.service(project, service),
        service -> true, true);
  }

  public static StackContainers swarm(String stack, Predicate<String> publishes) {
    return new StackContainers(SwarmLabels.stack(stack), service -> Map.of(SwarmLabels.NAMESPACE, stack,
        SwarmLabels.SERVICE_NAME, SwarmLabels.serviceName(stack, service)), publishes, false);
  }
}
