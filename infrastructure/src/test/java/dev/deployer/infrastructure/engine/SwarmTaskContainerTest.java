package dev.deployer.infrastructure.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Task;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A task on another node, as {@code docker inspect <task>} shows it, mapped to what the checks read. */
class SwarmTaskContainerTest {

  /** Trimmed from {@code docker inspect} of a db task on a bed worker (issue 23). */
  private static final String TASK = """
      {
        "ID": "x3k9", "NodeID": "node2", "ServiceID": "svc1", "Slot": 1, "DesiredState": "running",
        "Spec": {
          "ContainerSpec": {
            "Image": "127.0.0.1:5000/postgres@sha256:4f0e",
            "Labels": {"com.docker.stack.namespace": "scheduler-mn1"},
            "Env": ["POSTGRES_USER=scheduler", "POSTGRES_PASSWORD=s3cret", "EMPTY="],
            "User": "999:999",
            "Mounts": [
              {"Type": "volume", "Source": "scheduler-mn1_pgdata", "Target": "/var/lib/postgresql/data"},
              {"Type": "bind", "Source": "/var/run/docker.sock", "Target": "/sock", "ReadOnly": true}
            ],
            "Healthcheck": {"Test": ["CMD-SHELL", "pg_isready"], "Interval": 5000000000}
          },
          "Resources": {"Limits": {"NanoCPUs": 500000000, "MemoryBytes": 268435456}}
        },
        "Status": {
          "Timestamp": "2026-12-05T21:58:01.5Z", "State": "running", "Message": "started",
          "ContainerStatus": {"ContainerID": "c0ffee", "PID": 42, "ExitCode": 0}
        }
      }
      """;

  private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  @Test
  void takesUserMountsEnvironmentLimitsAndHealthCheckFromTheTaskSpec() throws Exception {
    SwarmTaskContainer task = SwarmSpecs.taskContainer(json.readValue(TASK, Task.class), "deployer-swarm-bed-1",
        List.of());

    assertThat(task.taskId()).isEqualTo("x3k9");
    assertThat(task.nodeId()).isEqualTo("node2");
    assertThat(task.node()).isEqualTo("deployer-swarm-bed-1");
    assertThat(task.containerId()).isEqualTo("c0ffee");
    assertThat(task.image()).isEqualTo("127.0.0.1:5000/postgres@sha256:4f0e");
    ContainerSettings settings = task.settings();
    assertThat(settings.user()).isEqualTo("999:999");
    assertThat(settings.privileged()).isFalse();
    assertThat(settings.environment()).containsEntry("POSTGRES_PASSWORD", "s3cret").containsEntry("EMPTY", "")
        .hasSize(3);
    assertThat(settings.mounts()).containsExactly(
        new ContainerSettings.Mount("bind", "/var/run/docker.sock", "/sock", true),
        new ContainerSettings.Mount("volume", "scheduler-mn1_pgdata", "/var/lib/postgresql/data", false));
    assertThat(settings.nanoCpus()).isEqualTo(500_000_000L);
    assertThat(settings.memoryBytes()).isEqualTo(256L << 20);
    assertThat(settings.healthcheck()).containsExactly("CMD-SHELL", "pg_isready");
    assertThat(settings.entrypoint()).as("the image's applies").isEmpty();
  }

  @Test
  void theServicesHostModePortsAreBoundByEachTaskOnItsNodeAndIngressOnesByNone() throws Exception {
    List<SwarmServiceSpec.Port> ports = List.of(
        new SwarmServiceSpec.Port(5432, 5432, "tcp", SwarmServiceSpec.PublishMode.HOST),
        new SwarmServiceSpec.Port(8080, 80, "tcp", SwarmServiceSpec.PublishMode.INGRESS));

    SwarmTaskContainer task = SwarmSpecs.taskContainer(json.readValue(TASK, Task.class), "n", ports);

    assertThat(task.ports()).containsExactly(new ContainerSpec.PublishedPort("", 5432, 5432, "tcp"));
  }

  @Test
  void aTaskWithoutLimitsOrOverridesHasNoneAndRunsAsTheImagesUser() throws Exception {
    String bare = """
        {"ID": "t", "NodeID": "n", "Spec": {"ContainerSpec": {"Image": "redis:7"}}, "Status": {"State": "running"}}
        """;

    SwarmTaskContainer task = SwarmSpecs.taskContainer(json.readValue(bare, Task.class), "n", List.of());

    assertThat(task.containerId()).isNull();
    assertThat(task.settings().user()).isEmpty();
    assertThat(task.settings().nanoCpus()).isZero();
    assertThat(task.settings().memoryBytes()).isZero();
    assertThat(task.settings().mounts()).isEmpty();
    assertThat(task.settings().healthcheck()).isEmpty();
  }
}
