package dev.deployer.infrastructure.engine;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.ResourceSpecs;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.core.DockerClientConfig;
import java.util.List;
import java.util.Map;

/**
 * docker-java 3.7.0's container spec with the fields Engine API 1.41 takes in a Swarm service's
 * {@code ContainerSpec} that docker-java's model lacks: {@code CapabilityAdd}, {@code
 * CapabilityDrop}, {@code Sysctls}, {@code Ulimits}, and {@code Groups} as the list the engine
 * takes (docker-java models it as one string, which the engine refuses). docker-java's mapper
 * writes the runtime class's properties, so these are sent with the rest; the inherited string
 * {@code Groups} is hidden behind the list (see SwarmContainerSpecTest). A null field of these is
 * not sent. Reading tasks back, docker-java's own string cannot take the list: {@link #tasks}
 * reads them without it.
 */
final class SwarmContainerSpec extends ContainerSpec {
  private static final long serialVersionUID = 1L;

  /**
   * Tasks ({@code GET /tasks}) as docker-java's model, read by its own mapper without the engine's
   * {@code Groups} list, which docker-java's string field cannot take (nothing reads it back).
   */
  static List<Task> tasks(JsonNode tasks) {
    for (JsonNode task : tasks) {
      if (task.path("Spec").path("ContainerSpec") instanceof ObjectNode container) {
        container.remove("Groups");
      }
    }
    return List.of(DockerClientConfig.getDefaultObjectMapper().convertValue(tasks, Task[].class));
  }

  @JsonProperty("CapabilityAdd")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  private List<String> capabilityAdd;

  @JsonProperty("CapabilityDrop")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  private List<String> capabilityDrop;

  @JsonProperty("Sysctls")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  private Map<String, String> sysctls;

  @JsonProperty("Ulimits")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  private List<Ulimit> ulimits;

  private List<String> groupList;

  SwarmContainerSpec withCapabilities(List<String> add, List<String> drop) {
    capabilityAdd = add.isEmpty() ? null : add;
    capabilityDrop = drop.isEmpty() ? null : drop;
    return this;
  }

  SwarmContainerSpec withSysctls(Map<String, String> values) {
    sysctls = values.isEmpty() ? null : values;
    return this;
  }

  SwarmContainerSpec withUlimits(List<Ulimit> values) {
    ulimits = values.isEmpty() ? null : values;
    return this;
  }

  SwarmContainerSpec withGroupList(List<String> groups) {
    groupList = groups.isEmpty() ? null : groups;
    return this;
  }

  List<String> getCapabilityAdd() {
    return capabilityAdd;
  }

  List<String> getCapabilityDrop() {
    return capabilityDrop;
  }

  Map<String, String> getSysctls() {
    return sysctls;
  }

  List<Ulimit> getUlimits() {
    return ulimits;
  }

  /** The supplementary groups, sent as the engine's {@code Groups} list. */
  @JsonProperty("Groups")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  List<String> getGroupList() {
    return groupList;
  }

  /** docker-java's single-string groups, never sent: the list above takes its place. */
  @Override
  @JsonIgnore
  public String getGroups() {
    return null;
  }

  /**
   * docker-java's resource specs with what Engine API 1.41 adds: {@code Pids} in a service's
   * limits and {@code GenericResources} in its reservations (each
   * {@code {"DiscreteResourceSpec": {"Kind": K, "Value": N}}}). A null field is not sent.
   */
  static final class Resources extends ResourceSpecs {
    private static final long serialVersionUID = 1L;

    @JsonProperty("Pids")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private Long pids;

    @JsonProperty("GenericResources")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private List<Map<String, Map<String, Object>>> genericResources;

    Resources withPids(Long limit) {
      pids = limit;
      return this;
    }

    /** Discrete resources by kind ({@code gpu}) and count. */
    Resources withDiscreteResources(List<SwarmTaskOptions.GenericResource> resources) {
      genericResources = resources.isEmpty() ? null : resources.stream()
          .map(r -> Map.of("DiscreteResourceSpec", Map.<String, Object>of("Kind", r.kind(), "Value", r.value())))
          .toList();
      return this;
    }

    Long getPids() {
      return pids;
    }

    List<Map<String, Map<String, Object>>> getGenericResources() {
      return genericResources;
    }
  }
}
