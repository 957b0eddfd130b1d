package dev.deployer.infrastructure.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import org.junit.jupiter.api.Test;

/** Published ports read from an inspection: a range or an ephemeral port shows the port the engine bound. */
class ContainerInfosPortsTest {

  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  @Test
  void aHostPortRangeShowsThePortTheEnginePicked() throws Exception {
    ContainerInfo info = ContainerInfos.from(inspect("running",
        "{\"6379/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"18701-18703\"}],"
            + "\"3000/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"\"}],"
            + "\"5000/sctp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"5000\"}]}",
        "{\"6379/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"18702\"}],"
            + "\"3000/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"32768\"}],"
            + "\"5000/sctp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"5000\"}]}"));

    assertThat(info.ports()).containsExactly(
        new ContainerSpec.PublishedPort("0.0.0.0", 32768, 3000, "tcp"),
        new ContainerSpec.PublishedPort("0.0.0.0", 5000, 5000, "sctp"),
        new ContainerSpec.PublishedPort("127.0.0.1", 18702, 6379, "tcp"));
  }

  @Test
  void aStoppedContainerShowsTheFirstPortOfItsRangeAndNoEphemeralPort() throws Exception {
    ContainerInfo info = ContainerInfos.from(inspect("exited",
        "{\"6379/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"18701-18703\"}],"
            + "\"3000/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"\"}]}",
        "{}"));

    assertThat(info.ports()).containsExactly(
        new ContainerSpec.PublishedPort("0.0.0.0", 0, 3000, "tcp"),
        new ContainerSpec.PublishedPort("127.0.0.1", 18701, 6379, "tcp"));
  }

  private static InspectContainerResponse inspect(String state, String bindings, String bound) throws Exception {
    return JSON.readValue("{\"Id\":\"c1\",\"Name\":\"/p-redis-1\",\"Image\":\"sha256:1\","
        + "\"Config\":{\"Image\":\"redis:7\",\"Labels\":{}},"
        + "\"State\":{\"Status\":\"" + state + "\",\"ExitCode\":0},"
        + "\"HostConfig\":{\"PortBindings\":" + bindings + "},"
        + "\"NetworkSettings\":{\"Ports\":" + bound + "}}", InspectContainerResponse.class);
  }
}
