package dev.deployer.infrastructure.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.infrastructure.proxy.HaproxyRuntime.ServerState;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HaproxyRuntimeTest {

  private FakeRuntimeApi api;

  @AfterEach
  void stop() throws IOException {
    if (api != null) {
      api.close();
    }
  }

  @Test
  void setCommandsSendOneLineEachAndSucceedOnAnEmptyAnswer() throws IOException {
    HaproxyRuntime runtime = runtime(command -> "\n");

    runtime.setWeight("api_8000", "green", 256);
    runtime.setWeight("api_8000", "blue", 0);
    runtime.setState("api_8000", "blue", ServerState.DRAIN);
    runtime.setState("api_8000_preview", "green", ServerState.READY);
    runtime.setState("api_8000", "blue", ServerState.MAINT);

    assertThat(api.commands()).containsExactly("set weight api_8000/green 256", "set weight api_8000/blue 0",
        "set server api_8000/blue state drain", "set server api_8000_preview/green state ready",
        "set server api_8000/blue state maint");
  }

  @Test
  void aRefusalCarriesTheCommandAndHaproxysAnswer() throws IOException {
    HaproxyRuntime runtime = runtime(command -> "No such server.\n\n");

    assertThatThrownBy(() -> runtime.setWeight("api_8000", "purple", 10))
        .isInstanceOfSatisfying(HaproxyRuntimeException.class, e -> {
          assertThat(e.command()).isEqualTo("set weight api_8000/purple 10");
          assertThat(e.answer()).isEqualTo("No such server.\n\n");
          assertThat(e).hasMessageContaining("set weight api_8000/purple 10").hasMessageEndingWith("No such server.");
        });
  }

  @Test
  void aWeightOutsideHaproxysRangeIsRefusedBeforeSending() throws IOException {
    HaproxyRuntime runtime = runtime(command -> "\n");

    assertThatThrownBy(() -> runtime.setWeight("b", "s", 257)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> runtime.setWeight("b", "s", -1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(api.commands()).isEmpty();
  }

  @Test
  void statsAreTheServerLinesOfShowStat() throws IOException {
    HaproxyRuntime runtime = runtime(command -> showStat());

    List<ServerStats> stats = runtime.stats();

    assertThat(api.commands()).containsExactly("show stat");
    assertThat(stats).extracting(ServerStats::server).containsExactly("blue", "green");
    assertThat(stats.get(0)).isEqualTo(new ServerStats("web_8000", "blue", "UP", 90, "L7OK", 120, 0, 115, 0, 0, 3,
        2, 12, 1, 1, 2, 4, 1));
    assertThat(stats.get(0).responses()).isEqualTo(120);
    assertThat(runtime.stats("web_8000", "green").status()).isEqualTo("DOWN");
    assertThat(runtime.stats("web_8000", "green").checkStatus()).isEqualTo("L4CON");
    assertThatThrownBy(() -> runtime.stats("web_8000", "purple")).isInstanceOf(HaproxyRuntimeException.class)
        .hasMessageContaining("no server web_8000/purple");
  }

  @Test
  void anAnswerThatIsNoCsvIsAnErrorWithTheAnswer() throws IOException {
    HaproxyRuntime runtime = runtime(command -> "Unknown command, but maybe one of the following ones...\n");

    assertThatThrownBy(runtime::stats).isInstanceOfSatisfying(HaproxyRuntimeException.class, e -> {
      assertThat(e.command()).isEqualTo("show stat");
      assertThat(e.answer()).startsWith("Unknown command");
    });
  }

  @Test
  void awaitStatusPollsUntilTheServerIsExactlyThere() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    HaproxyRuntime runtime = runtime(command -> calls.incrementAndGet() < 3
        ? showStat().replace(",UP,90,", ",DOWN 1/2,90,") : showStat());

    ServerStats blue = runtime.awaitStatus("web_8000", "blue", "UP", Duration.ofSeconds(5));

    assertThat(blue.status()).isEqualTo("UP");
    assertThat(calls.get()).isEqualTo(3);
  }

  @Test
  void awaitStatusGivesUpWithTheLastStatusSeen() throws IOException {
    HaproxyRuntime runtime = runtime(command -> showStat());

    assertThatThrownBy(() -> runtime.awaitStatus("web_8000", "green", "UP", Duration.ofMillis(300)))
        .isInstanceOf(HaproxyRuntimeException.class)
        .hasMessageContaining("web_8000/green is not UP")
        .hasMessageContaining("it is DOWN (last check: L4CON)");
  }

  @Test
  void anApiThatDoesNotAnswerIsAnErrorWithinTheTimeout() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      HaproxyRuntime runtime = new HaproxyRuntime("127.0.0.1", silent.getLocalPort(), Duration.ofMillis(300));
      long start = System.nanoTime();

      assertThatThrownBy(runtime::stats).isInstanceOf(HaproxyRuntimeException.class)
          .hasMessageContaining("did not answer").hasMessageContaining("show stat");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }
    int closed;
    try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = gone.getLocalPort();
    }
    assertThatThrownBy(() -> new HaproxyRuntime("127.0.0.1", closed).setWeight("b", "s", 1))
        .isInstanceOf(HaproxyRuntimeException.class).hasMessageContaining("127.0.0.1:" + closed);
  }

  private HaproxyRuntime runtime(java.util.function.Function<String, String> answers) throws IOException {
    api = new FakeRuntimeApi(answers);
    return new HaproxyRuntime("127.0.0.1", api.port(), Duration.ofSeconds(2));
  }

  /** A real HAProxy 2.6 answer, with counters filled in for blue. */
  static String showStat() {
    try (InputStream in = HaproxyRuntimeTest.class.getResourceAsStream("/proxy/show-stat.csv")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
