package dev.deployer.infrastructure.stack;

import dev.deployer.infrastructure.engine.SwarmTaskContainer;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * How a stack's containers are found, for verify and monitor alike: a Compose project's by its
 * Compose labels, a Swarm stack's task containers by the labels the engine gives them, the
 * serving (or the candidate) color of a blue/green service by its color label too.
 * {@code publishes} tells which services' ports are published (on the swarm target a service
 * may be left unpublished); {@code containersPublish} whether a service's containers bind the
 * host ports themselves (Compose) or something in front of them does (Swarm's ingress, an edge
 * proxy); {@code reach} where a client reaches a service's first published port when that is not
 * the port itself (a blue/green candidate, through the edge's preview port); {@code elsewhere} a
 * running task of a service on another node, whose container this engine cannot see (a
 * multi-node swarm; none on one host); {@code runsNone} the services meant to run no container
 * (a Swarm service of 0 replicas), which have nothing to measure.
 */
public record StackContainers(Map<String, String> ofStack, Function<String, Map<String, String>> ofService,
    Predicate<String> publishes, Predicate<String> containersPublish,
    Function<String, Optional<ServiceEndpoint>> reach, Function<String, Optional<SwarmTaskContainer>> elsewhere,
    Predicate<String> runsNone) {

  /** A stack whose containers all run on the one engine, one or more per service. */
  public StackContainers(Map<String, String> ofStack, Function<String, Map<String, String>> ofService,
      Predicate<String> publishes, Predicate<String> containersPublish,
      Function<String, Optional<ServiceEndpoint>> reach) {
    this(ofStack, ofService, publishes, containersPublish, reach, service -> Optional.empty(), service -> false);
  }

  public static StackContainers compose(String project) {
    return new StackContainers(ComposeLabels.project(project), service -> ComposeLabels.service(project, service),
        service -> true, service -> true, service -> Optional.empty());
  }
}
