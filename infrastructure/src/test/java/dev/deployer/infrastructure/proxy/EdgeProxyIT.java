package dev.deployer.infrastructure.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.engine.ContainerSpec;
import dev.deployer.infrastructure.engine.DockerEngines;
import dev.deployer.infrastructure.engine.NetworkConfig;
import dev.deployer.infrastructure.stack.ComposeLabels;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The blue/green edge on the real engine: two busybox httpd containers named as the colors of a
 * service {@code web}, answering "blue" and "green", behind the edge from {@link EdgeContainer#spec};
 * traffic moves only through the runtime API, and no request fails while it does, nor when the
 * color with a share of the traffic stops. Every request goes to 127.0.0.1 and every loop is
 * bounded in count and time. Names start with {@code proxyit-}; everything is removed afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EdgeProxyIT {

  private static final String SERVICE = "web";
  private static final String IMAGE = "haproxy:2.6";
  private static final Duration READY = Duration.ofSeconds(30);

  private final String project = "proxyit-" + UUID.randomUUID().toString().substring(0, 8);
  private final String network = project + "_default";
  private final List<String> containers = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  private ContainerEngine engine;
  private Route route;
  private HaproxyRuntime runtime;
  private URI publicUri;
  private URI previewUri;

  @BeforeAll
  void startEdgeAndColors() throws IOException {
    engine = DockerEngines.connect(System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock"),
        false, "");
    engine.ensureNetwork(new NetworkConfig(network, null, Map.of(), ComposeLabels.project(project), false, false));
    for (Color color : Color.values()) {
      start(backend(color));
    }
    route = new Route(SERVICE, "127.0.0.1", freePort(), 8080, "/health");
    EdgeConfig config = new EdgeConfig(project, List.of(route));
    start(EdgeContainer.spec(config, IMAGE, List.of(network)));

    ContainerInfo edge = engine.container(EdgeContainer.containerName(project)).orElseThrow();
    runtime = EdgeContainer.runtime(edge);
    publicUri = URI.create("http://127.0.0.1:" + route.publishedPort() + "/");
    previewUri = URI.create("http://127.0.0.1:"
        + EdgeContainer.hostPort(edge, config.previewPort(route)).orElseThrow() + "/");
    awaitRuntime();
    for (String backend : List.of(route.backend(), route.previewBackend())) {
      for (Color color : Color.values()) {
        runtime.awaitStatus(backend, color.id(), "UP", READY);
      }
    }
  }

  @AfterAll
  void removeEverything() {
    if (engine == null) {
      return;
    }
    try {
      Collections.reverse(containers);
      for (String id : containers) {
        engine.removeContainer(id);
      }
      engine.removeNetwork(network);
    } finally {
      engine.close();
    }
  }

  @Test
  @Order(1)
  void theEdgeSendsNothingUntilTheDeployerGivesAColorWeightAndThePreviewOnlyToTheCandidate() throws Exception {
    // Every route's server; the runtime API's own backend is the one that takes connections.
    assertThat(runtime.stats()).filteredOn(s -> !s.backend().equals(EdgeConfig.API_FRONTEND))
        .extracting(ServerStats::weight).containsOnly(0);
    assertThat(get(publicUri).statusCode()).isEqualTo(503);

    runtime.setWeight(route.backend(), "blue", 256);
    runtime.setWeight(route.previewBackend(), "green", 1);

    for (int i = 0; i < 10; i++) {
      assertThat(body(publicUri)).isEqualTo("blue");
      assertThat(body(previewUri)).isEqualTo("green");
    }
  }

  @Test
  @Order(2)
  void switchingToGreenUnderTrafficLosesNoRequest() throws Exception {
    Load load = Load.start(this, 300, 100);
    load.awaitDone(30);
    List<String> bodies = load.bodies();

    assertThat(load.failures()).as("failed requests: %s", load.errors).isEmpty();
    assertThat(bodies).hasSize(300);
    assertThat(bodies.subList(0, 50)).containsOnly("blue");
    assertThat(bodies.subList(250, 300)).containsOnly("green");
  }

  @Test
  @Order(3)
  void ninetyTenSplitsTheTrafficAndTheCountersGrow() throws Exception {
    ServerStats blueBefore = runtime.stats(route.backend(), "blue");
    ServerStats greenBefore = runtime.stats(route.backend(), "green");
    runtime.setWeight(route.backend(), "blue", 90);
    runtime.setWeight(route.backend(), "green", 10);

    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      bodies.add(body(publicUri));
    }

    long green = bodies.stream().filter("green"::equals).count();
    assertThat(bodies).containsOnly("blue", "green");
    assertThat(green).isBetween(5L, 60L);
    ServerStats blueAfter = runtime.stats(route.backend(), "blue");
    ServerStats greenAfter = runtime.stats(route.backend(), "green");
    assertThat(blueAfter.weight()).isEqualTo(90);
    assertThat(blueAfter.status()).isEqualTo("UP");
    assertThat(blueAfter.checkStatus()).isEqualTo("L7OK");
    assertThat(blueAfter.hrsp2xx() - blueBefore.hrsp2xx()).isEqualTo(200 - green);
    assertThat(greenAfter.hrsp2xx() - greenBefore.hrsp2xx()).isEqualTo(green);
    assertThat(blueAfter.sessions()).isGreaterThan(blueBefore.sessions());
    assertThat(blueAfter.hrsp5xx()).isZero();
  }

  @Test
  @Order(4)
  void aStoppedColorGetsNoRequestThatFails() throws Exception {
    Load load = Load.start(this, 300, -1);
    load.awaitCount(50, 15);
    engine.stopContainer(EdgeContainer.colorContainerName(project, SERVICE, Color.GREEN), Duration.ofSeconds(1));
    int stopped = load.done.get();
    load.awaitDone(60);

    List<String> bodies = load.bodies();
    assertThat(load.failures()).as("failed requests: %s", load.errors).isEmpty();
    assertThat(bodies).hasSize(300);
    assertThat(stopped).as("requests before the stop returned").isLessThan(250);
    assertThat(bodies.subList(0, stopped)).contains("green");
    assertThat(bodies.subList(stopped + 1, 300)).containsOnly("blue");
    ServerStats green = runtime.stats(route.backend(), "green");
    assertThat(green.status()).as("green after it stopped").doesNotStartWith("UP");
  }

  /**
   * A container on the stack's network (blue, still running) reaches the edge's frontends but not its
   * runtime API: its connection to 9999 is closed unanswered, a {@code set weight} from it changes
   * nothing, and neither does one to the stats socket's own port; the deployer, through the host
   * port, still can.
   */
  @Test
  @Order(5)
  void aContainerOnTheStacksNetworkCannotUseTheRuntimeApiTheHostStill() {
    String blue = EdgeContainer.colorContainerName(project, SERVICE, Color.BLUE);
    String edge = EdgeContainer.containerName(project);
    int weight = runtime.stats(route.backend(), "blue").weight();

    assertThat(fromContainer(blue, "wget -q -O - http://" + edge + ":" + route.publishedPort() + "/"))
        .as("the edge's route frontend, from the network").isEqualTo("blue");
    assertThat(fromContainer(blue, "echo 'show info' | nc -w 3 " + edge + " " + EdgeConfig.ADMIN_PORT))
        .as("show info from the network").isEmpty();
    assertThat(fromContainer(blue, "echo 'set weight " + route.backend() + "/blue 0' | nc -w 3 " + edge + " "
        + EdgeConfig.ADMIN_PORT + "; echo 'set weight " + route.backend() + "/blue 0' | nc -w 3 " + edge + " "
        + EdgeConfig.LOCAL_API_PORT)).as("set weight from the network").isEmpty();

    assertThat(runtime.stats(route.backend(), "blue").weight()).as("blue's weight, read by the host").isEqualTo(weight)
        .isPositive();
    runtime.setWeight(route.backend(), "blue", 7);
    assertThat(runtime.stats(route.backend(), "blue").weight()).isEqualTo(7);
  }

  /** What {@code script} prints in {@code container}, run by {@code sh -c}. */
  private String fromContainer(String container, String script) {
    ContainerEngine.ExecResult result = engine.exec(container, List.of("sh", "-c", script), Duration.ofSeconds(15));
    return result.stdout().strip();
  }

  /** A bounded series of GETs on the public port; at request {@code switchAt} traffic moves to green. */
  private static final class Load {

    private final List<String> bodies = Collections.synchronizedList(new ArrayList<>());
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger done = new AtomicInteger();
    private CompletableFuture<Void> run;

    static Load start(EdgeProxyIT test, int requests, int switchAt) {
      Load load = new Load();
      load.run = CompletableFuture.runAsync(() -> {
        for (int i = 0; i < requests; i++) {
          if (i == switchAt) {
            test.runtime.setWeight(test.route.backend(), "green", 256);
            test.runtime.setWeight(test.route.backend(), "blue", 0);
          }
          try {
            HttpResponse<String> response = test.get(test.publicUri);
            if (response.statusCode() == 200) {
              load.bodies.add(response.body().strip());
            } else {
              load.errors.add("#" + i + ": " + response.statusCode());
            }
            Thread.sleep(5);
          } catch (IOException e) {
            load.errors.add("#" + i + ": " + e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
          load.done.incrementAndGet();
        }
      });
      return load;
    }

    void awaitCount(int count, int seconds) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (done.get() < count && System.nanoTime() < deadline && !run.isDone()) {
        Thread.sleep(10);
      }
    }

    void awaitDone(int seconds) throws Exception {
      run.get(seconds, TimeUnit.SECONDS);
    }

    List<String> failures() {
      return List.copyOf(errors);
    }

    List<String> bodies() {
      return List.copyOf(bodies);
    }
  }

  private ContainerSpec backend(Color color) {
    String script = "mkdir -p /www && echo " + color.id() + " > /www/index.html && echo ok > /www/health"
        + " && exec httpd -f -p 8080 -h /www";
    Map<String, String> labels = Map.of(ComposeLabels.PROJECT, project, ComposeLabels.SERVICE, SERVICE,
        EdgeContainer.COLOR_LABEL, color.id());
    return new ContainerSpec(EdgeContainer.colorContainerName(project, SERVICE, color), "alpine:3.17", List.of(),
        List.of("sh", "-c", script), Map.of(), labels, List.of(), List.of(),
        List.of(new ContainerSpec.Network(network, List.of())), null, null, null, null);
  }

  private void start(ContainerSpec spec) {
    String id = engine.createContainer(spec);
    containers.add(id);
    engine.startContainer(id);
  }

  private void awaitRuntime() {
    long deadline = System.nanoTime() + READY.toNanos();
    while (true) {
      try {
        runtime.stats();
        return;
      } catch (HaproxyRuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        sleep(200);
      }
    }
  }

  private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String body(URI uri) throws IOException, InterruptedException {
    HttpResponse<String> response = get(uri);
    assertThat(response.statusCode()).as("GET %s", uri).isEqualTo(200);
    return response.body().strip();
  }

  /** A port no one listens on now, from the OS's ephemeral range: never one of the stack's. */
  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
