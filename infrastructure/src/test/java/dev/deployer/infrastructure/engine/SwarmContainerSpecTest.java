package dev.deployer.infrastructure.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What {@link DockerSwarmEngine#createService} sends for the fields {@link SwarmContainerSpec}
 * adds to docker-java's model, seen through a recording HTTP client: docker-java's own mapper
 * serialises the runtime subclasses, and {@code Groups} goes once, as a list.
 */
class SwarmContainerSpecTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static SwarmTaskOptions options(SwarmTaskOptions.Kernel kernel, List<SwarmTaskOptions.GenericResource> generic,
      SwarmTaskOptions.Platform platform) {
    SwarmTaskOptions o = SwarmTaskOptions.NONE;
    return new SwarmTaskOptions(o.hostname(), o.user(), o.workingDir(), o.stopSignal(), o.readOnly(), o.init(), o.tty(),
        o.openStdin(), o.hosts(), o.dns(), o.dnsSearch(), o.dnsOptions(), o.logDriver(), o.restartDelay(),
        o.restartAttempts(), o.restartWindow(), null, null, kernel, generic, platform);
  }

  @Test
  void sendsCapabilitiesSysctlsUlimitsGroupsPidsGenericResourcesAndPlatform() throws Exception {
    Recorder recorder = new Recorder();
    SwarmTaskOptions task = options(new SwarmTaskOptions.Kernel(List.of("CAP_NET_ADMIN"), List.of("CAP_MKNOD"),
        Map.of("net.core.somaxconn", "1024"), List.of(new ContainerSpec.Ulimit("nofile", 1024, 2048)), 64L,
        List.of("1234", "audio")), List.of(new SwarmTaskOptions.GenericResource("gpu", 2)),
        new SwarmTaskOptions.Platform("linux", "amd64"));

    recorder.engine().createService(spec(task, 0.5, 64L * 1024 * 1024));

    String body = recorder.body("POST /services/create");
    JsonNode template = JSON.readTree(body).path("TaskTemplate");
    JsonNode container = template.path("ContainerSpec");
    assertThat(container.path("Image").asText()).as("docker-java's own fields still go").isEqualTo("app:1");
    assertThat(container.path("CapabilityAdd").toString()).isEqualTo("[\"CAP_NET_ADMIN\"]");
    assertThat(container.path("CapabilityDrop").toString()).isEqualTo("[\"CAP_MKNOD\"]");
    assertThat(container.path("Sysctls").toString()).isEqualTo("{\"net.core.somaxconn\":\"1024\"}");
    assertThat(container.path("Ulimits").toString()).isEqualTo("[{\"Name\":\"nofile\",\"Soft\":1024,\"Hard\":2048}]");
    assertThat(container.path("Groups").toString()).isEqualTo("[\"1234\",\"audio\"]");
    assertThat(body.split("\"Groups\"", -1)).as("one Groups field").hasSize(2);
    JsonNode limits = template.at("/Resources/Limits");
    assertThat(limits.path("Pids").asLong()).isEqualTo(64);
    assertThat(limits.path("NanoCPUs").asLong()).isEqualTo(500_000_000L);
    JsonNode generic = template.at("/Resources/Reservations/GenericResources/0/DiscreteResourceSpec");
    assertThat(generic.path("Kind").asText()).isEqualTo("gpu");
    assertThat(generic.path("Value").asLong()).isEqualTo(2);
    assertThat(template.at("/Placement/Platforms").toString()).isEqualTo("[{\"Architecture\":\"amd64\",\"OS\":\"linux\"}]");
  }

  @Test
  void sendsNoneOfThemWhenTheFileSetsNone() throws Exception {
    Recorder recorder = new Recorder();

    recorder.engine().createService(spec(SwarmTaskOptions.NONE, null, null));

    String body = recorder.body("POST /services/create");
    JsonNode template = JSON.readTree(body).path("TaskTemplate");
    for (String field : List.of("CapabilityAdd", "CapabilityDrop", "Sysctls", "Ulimits", "Groups")) {
      assertThat(template.path("ContainerSpec").has(field)).as(field).isFalse();
    }
    assertThat(template.at("/Resources/Limits").has("Pids")).isFalse();
    assertThat(template.at("/Resources/Reservations").isNull()).as("docker-java sends its own unset fields as null")
        .isTrue();
    assertThat(template.at("/Placement/Platforms").isNull()).isTrue();
  }

  /** docker-java's own reading of a task fails on the engine's Groups list; the engine reads tasks past it. */
  @Test
  void readsBackATaskWhoseContainerHasGroups() {
    Recorder recorder = new Recorder();
    recorder.tasks = "[{\"ID\":\"t1\",\"ServiceID\":\"svc1\",\"Slot\":1,\"DesiredState\":\"running\","
        + "\"Status\":{\"State\":\"running\"},"
        + "\"Spec\":{\"ContainerSpec\":{\"Image\":\"app:1\",\"Groups\":[\"1234\"]}}}]";

    List<SwarmEngine.SwarmTask> tasks = recorder.engine().tasks("svc1");

    assertThat(tasks).singleElement().satisfies(task -> {
      assertThat(task.id()).isEqualTo("t1");
      assertThat(task.image()).isEqualTo("app:1");
      assertThat(task.state()).isEqualTo("running");
    });
    assertThat(recorder.paths).anySatisfy(path -> assertThat(java.net.URLDecoder.decode(path,
        StandardCharsets.UTF_8)).isEqualTo("/tasks?filters={\"service\":[\"svc1\"]}"));
  }

  private static SwarmServiceSpec spec(SwarmTaskOptions task, Double cpus, Long memory) {
    return new SwarmServiceSpec("shop_app", "app:1", Map.of(), Map.of(), List.of(), List.of(), Map.of(), List.of(),
        Map.of(), Map.of(), List.of(new SwarmServiceSpec.Network("shop_default", List.of("app"))), List.of(), null,
        null, 1, null, null, null, cpus, memory, null, null, false, task);
  }

  /** An HTTP client that records each request and answers like a swarm manager. */
  private static final class Recorder implements DockerHttpClient {
    final List<String[]> requests = new ArrayList<>();
    final List<String> paths = new ArrayList<>();
    String tasks = "[]";

    DockerSwarmEngine engine() {
      DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
          .withDockerHost("unix:///var/run/docker.sock").build();
      return new DockerSwarmEngine(DockerClientImpl.getInstance(config, this), this, "unix:///var/run/docker.sock");
    }

    String body(String request) {
      return requests.stream().filter(r -> r[0].equals(request)).map(r -> r[1]).findFirst()
          .orElseThrow(() -> new AssertionError("no " + request + " in " + requests.stream().map(r -> r[0]).toList()));
    }

    @Override
    public Response execute(Request request) {
      String path = request.path().replaceFirst("\\?.*", "");
      paths.add(request.path());
      requests.add(new String[] {request.method() + " " + path,
          request.bodyBytes() == null ? "" : new String(request.bodyBytes(), StandardCharsets.UTF_8)});
      if (path.endsWith("/networks")) {
        return HttpResponses.json(200, "[{\"Id\":\"net1\",\"Name\":\"shop_default\"}]");
      }
      if (path.endsWith("/tasks")) {
        return HttpResponses.json(200, tasks);
      }
      if (path.endsWith("/services/create")) {
        return HttpResponses.json(201, "{\"ID\":\"svc1\"}");
      }
      return HttpResponses.json(200, "{}");
    }

    @Override
    public void close() {}
  }
}
