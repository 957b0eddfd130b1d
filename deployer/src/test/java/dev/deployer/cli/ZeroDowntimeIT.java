package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.cli.DeployAndVerifyIT.Run;
import dev.deployer.cli.DeployAndVerifyIT.TestStack;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.engine.ContainerSpec;
import dev.deployer.infrastructure.engine.DockerEngines;
import dev.deployer.infrastructure.proxy.Color;
import dev.deployer.infrastructure.proxy.EdgeContainer;
import dev.deployer.infrastructure.proxy.HaproxyRuntime;
import dev.deployer.infrastructure.proxy.ServerStats;
import dev.deployer.infrastructure.report.ReportStore;
import dev.deployer.infrastructure.stack.ComposeLabels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zero-downtime releases behind the blue/green edge on the real engine, in an environment of their
 * own (project scheduler-zd1, ports 18300-18303). One bounded request loop through the edge runs
 * across all of it: the first deploy, a changed release, an operator rollback inside the warm
 * window, and a progressive rollout of a release answering 5xx (the app's fault injection), which
 * the edge's counters stop at its first step.
 *
 * <p>The rollback comes before the failed rollout: with two colors, a third release takes the
 * color of the warm one, so a rollback after it is a cold start, not the switch this test measures.
 */
// Among the longest ITs: started first, so that the two lanes end together.
@Order(3)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ZeroDowntimeIT {

  static final String ENV = "zd1";
  static final String PROJECT = "scheduler-zd1";
  static final int API_PORT = 18300;
  static final int FIRST_STEP_PERCENT = 10;
  /** The api's route on the edge: {@code <service>_<published port>}. */
  static final String API_BACKEND = "api_" + API_PORT;
  // Response time and slowdown limits are loose: this shared 2-core machine is noisy, and the 5xx share is the subject.
  static final String PROXY = "  proxy:\n"
      + "    enabled: true\n"
      + "    rollout: [" + FIRST_STEP_PERCENT + ", 100]\n"
      + "    pause: 5s\n"
      + "    drain: 2s\n"
      + "    keep_previous: 10m\n"
      + "    analysis:\n"
      + "      max_error_percent: 1\n"
      + "      max_response_time: 5s\n"
      + "      max_slowdown_percent: 400\n"
      // The 5xx release fails the routes users call, not what verification probes: here the probe
      // asks readiness only, so it passes its checks through the preview and the rollout's analysis
      // is what stops it. (The scheduler's own probe, on real routes, stops it before any traffic.)
      + "  probes:\n"
      + "    api:\n"
      + "      performance:\n"
      + "        fixtures: []\n"
      + "        routes:\n"
      + "          - name: readiness\n"
      + "            path: /actuator/health/readiness\n";

  @TempDir
  static Path work;

  static Path v1;
  static Path v2;
  static Path failing;
  static ContainerEngine engine;
  static EdgeLoop loop;
  static final List<Phase> phases = new ArrayList<>();
  /** v1's api and worker containers: the rollback inside the warm window must use these very ones. */
  static String v1Api;
  static String v1Worker;

  @BeforeAll
  static void setUp() throws IOException {
    v1 = config("v1", Map.of("SCHEDULER_RELEASE", "zd-v1"));
    v2 = config("v2", Map.of("SCHEDULER_RELEASE", "zd-v2"));
    failing = config("v3-5xx", Map.of("SCHEDULER_RELEASE", "zd-v3", "SCHEDULER_FAULT_ERROR_PERCENT", "100"));
    engine = DockerEngines.connect("unix:///var/run/docker.sock", false, "");
    TestStack.run("down", v1, work, ENV, "--volumes");
    loop = EdgeLoop.start("http://127.0.0.1:" + API_PORT, Duration.ofMinutes(25), 60_000);
  }

  @AfterAll
  static void tearDown() {
    loop.stop();
    TestStack.takeDown(engine, v1, work, ENV, PROJECT);
    engine.close();
  }

  @Test
  @Order(1)
  void theFirstDeployPutsTheEdgeOnTheHostPortsAndTheAppsBehindIt() {
    Phase deploy = phase("deploy v1 (first)", () -> TestStack.run("deploy-and-verify", v1, work, ENV));

    assertThat(deploy.run().exitCode()).as(deploy.run().output()).isZero();
    List<ContainerInfo> containers = engine.containers(ComposeLabels.project(PROJECT));
    ContainerInfo edge = containers.stream().filter(c -> c.name().equals(EdgeContainer.containerName(PROJECT)))
        .findFirst().orElseThrow(() -> new AssertionError("no edge container in " + names(containers)));
    assertThat(hostPorts(edge)).as("the edge holds the api and worker ports").contains(API_PORT, API_PORT + 1);
    List<ContainerInfo> colored = containers.stream().filter(c -> c.label(EdgeContainer.COLOR_LABEL) != null).toList();
    assertThat(colored).extracting(c -> c.label(ComposeLabels.SERVICE)).containsExactlyInAnyOrder("api", "worker");
    assertThat(colored).allSatisfy(c -> assertThat(hostPorts(c)).as(c.name() + " publishes nothing").isEmpty());
    assertThat(engine.containers(Map.of())).filteredOn(c -> hostPorts(c).contains(API_PORT))
        .extracting(ContainerInfo::name).containsExactly(edge.name());
    v1Api = apiContainer(servingColor()).id();
    v1Worker = engine.container(EdgeContainer.colorContainerName(PROJECT, "worker", servingColor())).orElseThrow().id();
    assertThat(loop.awaitInfoAnswers(deploy.end(), 10)).as("answers after the first deploy")
        .allMatch(s -> "zd-v1".equals(s.release()));
  }

  @Test
  @Order(2)
  void aChangedReleaseTakesTheTrafficWithoutAFailedRequest() {
    Color before = servingColor();

    Phase deploy = phase("deploy v2", () -> TestStack.run("deploy-and-verify", v2, work, ENV));

    assertThat(deploy.run().exitCode()).as(deploy.run().output()).isZero();
    assertThat(deploy.run().output()).contains(FIRST_STEP_PERCENT + " % of the traffic");
    assertThat(deploy.failed()).as("failed requests during the deploy of v2: " + deploy.errors()).isZero();
    assertThat(servingColor()).isEqualTo(before.other());
    assertThat(deploy.releases()).as("answers during the deploy").containsKeys("zd-v1", "zd-v2");
    assertThat(loop.awaitInfoAnswers(deploy.end(), 10)).as("answers after the deploy")
        .allMatch(s -> "zd-v2".equals(s.release()));
    assertThat(apiContainer(before).id()).as("v1's api stays warm, out of traffic").isEqualTo(v1Api);
    ContainerInfo oldWorker = engine.container(v1Worker).orElseThrow();
    assertThat(oldWorker.running()).as("v1's worker stays warm, quieted, not stopped").isTrue();
    assertThat(deploy.run().output()).contains("sent SIGTSTP");
    assertThat(awaitLog(v1Worker, "is quiet")).as("v1's worker says it takes no new requests").isTrue();
  }

  @Test
  @Order(3)
  void anOperatorRollbackInsideTheWarmWindowIsASwitchWithoutAFailedRequest() {
    Phase rollback = phase("rollback to v1", () -> cli(v1, "rollback", "--yes", "--reason", "zero-downtime drill"));

    System.out.println("[zd] output of the rollback:\n" + rollback.run().output());
    assertThat(rollback.run().exitCode()).as(rollback.run().output()).isZero();
    assertThat(rollback.failed()).as("failed requests during the rollback: " + rollback.errors()).isZero();
    assertThat(apiContainer(servingColor()).id()).as("v1's own warm api serves again, not a new one")
        .isEqualTo(v1Api);
    assertThat(engine.container(EdgeContainer.colorContainerName(PROJECT, "worker", servingColor())).orElseThrow().id())
        .as("v1's own warm worker works again, not a new one").isEqualTo(v1Worker);
    assertThat(awaitLog(v1Worker, "resumed")).as("v1's worker takes requests again").isTrue();
    assertThat(rollback.run().output()).contains("sent SIGCONT").contains("load probe of 1000 ms")
        .contains("4 containers sampled while the traffic switches back")
        .contains("remove rolled-back release");
    assertThat(engine.containers(ComposeLabels.project(PROJECT))).as("v2's colors are gone after the rollback")
        .noneMatch(c -> c.label(EdgeContainer.COLOR_LABEL) != null && !servingColor().id().equals(
            c.label(EdgeContainer.COLOR_LABEL)));
    assertThat(loop.awaitInfoAnswers(rollback.end(), 10)).as("answers after the rollback")
        .allMatch(s -> "zd-v1".equals(s.release()));
    Sample first = loop.samples().stream()
        .filter(s -> s.start() >= rollback.start() && "zd-v1".equals(s.release())).findFirst().orElseThrow();
    System.out.printf("[zd] rollback: first v1 answer through the edge %d ms after the command started; verified %d ms"
        + " after it (the rollback report's steps up to verify endpoints); the command took %d ms%n",
        millis(first.end() - rollback.start()), toVerified().toMillis(), millis(rollback.end() - rollback.start()));
  }

  @Test
  @Order(4)
  void aReleaseAnswering5xxIsStoppedAtItsFirstStepAndAllTrafficGoesBack() throws Exception {
    Color serving = servingColor();
    Color bad = serving.other();
    HaproxyRuntime runtime = EdgeContainer.runtime(engine.container(EdgeContainer.containerName(PROJECT)).orElseThrow());
    AtomicBoolean deploying = new AtomicBoolean(true);
    CompletableFuture<List<long[]>> weights = CompletableFuture.supplyAsync(() -> watchWeight(runtime, serving,
        deploying));

    Phase deploy;
    try {
      deploy = phase("deploy v3 (5xx, aborted)", () -> TestStack.run("deploy-and-verify", failing, work, ENV));
    } finally {
      deploying.set(false);
    }
    System.out.println("[zd] output of the aborted deploy:\n" + deploy.run().output());

    assertThat(deploy.run().exitCode()).as(deploy.run().output()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
    assertThat(deploy.run().output()).contains("rollout stopped at " + FIRST_STEP_PERCENT + " %")
        .contains("api: the new release failed");
    // The step's window as the edge held it: from the last poll that saw the old color with all the
    // traffic to the first that saw it so again, so it holds the true window and a little more.
    List<long[]> polls = weights.get(1, TimeUnit.MINUTES);
    int on = indexOf(polls, 0, p -> p[1] < 100);
    assertThat(on).as("the edge never gave the new color any traffic: " + polls.size() + " polls").isPositive();
    int off = indexOf(polls, on, p -> p[1] == 100);
    assertThat(off).as("the old color never got all the traffic back").isPositive();
    long windowStart = polls.get(on - 1)[0];
    long windowEnd = polls.get(off)[0];
    List<Sample> inWindow = loop.samples().stream()
        .filter(s -> s.start() >= windowStart && s.start() <= windowEnd).toList();
    long failedInWindow = inWindow.stream().filter(Sample::failed).count();
    // The bound: the edge's round robin at weights 10:90 sends at most ceil(n/10)+1 of n consecutive
    // requests to the new color (+1: where in its cycle the step begins); n counts the loop's info
    // requests too, as the edge balances them alike. Every 5xx comes from the new color (100 % fault),
    // so no more requests fail than it got; +1 more for a request in flight as the weight changes.
    long bound = (inWindow.size() * FIRST_STEP_PERCENT + 99) / 100 + 2;
    System.out.printf("[zd] aborted rollout: step window %d ms, %d requests in it, %d failed (%.1f %%), bound %d;"
        + " %d failed during the whole deploy of %d requests%n", millis(windowEnd - windowStart), inWindow.size(),
        failedInWindow, 100.0 * failedInWindow / Math.max(1, inWindow.size()), bound, deploy.failed(),
        deploy.samples().size());
    assertThat(deploy.failed()).as("failed requests during the aborted deploy: " + deploy.errors())
        .isPositive().isEqualTo(failedInWindow).isLessThanOrEqualTo(bound);
    assertThat(deploy.errors()).allMatch(error -> error.equals("HTTP 500 /members"));

    assertThat(servingColor()).isEqualTo(serving);
    assertThat(runtime.stats(API_BACKEND, serving.id()).weight()).isEqualTo(100);
    assertThat(runtime.stats(API_BACKEND, bad.id()).weight()).isZero();
    assertThat(loop.awaitInfoAnswers(deploy.end(), 10)).as("answers after the aborted deploy")
        .allMatch(s -> "zd-v1".equals(s.release()));
    assertThat(engine.containers(ComposeLabels.project(PROJECT))).as("the failed color's containers are gone")
        .noneMatch(c -> bad.id().equals(c.label(EdgeContainer.COLOR_LABEL)));
  }

  @Test
  @Order(5)
  void theLoopSentEnoughRequestsAndNoneFailedOutsideTheFirstDeployAndTheAbortedRollout() {
    loop.stop();
    List<Sample> all = loop.samples();
    Phase first = phases.get(0);
    List<Sample> outside = all.stream().filter(s -> s.start() > first.end())
        .filter(s -> phases.stream().filter(p -> p.name().contains("aborted"))
            .noneMatch(p -> s.start() >= p.start() && s.start() <= p.end()))
        .toList();
    long maxMillis = all.stream().mapToLong(s -> millis(s.end() - s.start())).max().orElse(0);
    System.out.printf("[zd] loop: %d requests, %d failed, slowest %d ms%n", all.size(),
        all.stream().filter(Sample::failed).count(), maxMillis);
    phases.forEach(p -> System.out.println("[zd] " + p));

    assertThat(all.size()).isGreaterThanOrEqualTo(2000);
    assertThat(outside).filteredOn(Sample::failed).as("failures between and during the good deploys")
        .isEmpty();
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** The environment's config with the given compose variables and the proxy section. */
  static Path config(String name, Map<String, String> variables) throws IOException {
    Path config = TestStack.writeConfig(Files.createDirectories(work.resolve(name)), ENV, PROJECT, API_PORT, variables);
    Files.writeString(config, "  validation:\n    max_response_time: 15s\n    min_throughput: 1\n" + PROXY,
        StandardOpenOption.APPEND);
    return config;
  }

  static Run cli(Path config, String... args) {
    List<String> full = new ArrayList<>(List.of(args));
    full.addAll(List.of("--env=" + ENV, "--config=" + config, "--state-dir=" + work.resolve("state")));
    java.io.StringWriter text = new java.io.StringWriter();
    java.io.PrintWriter writer = new java.io.PrintWriter(text, true);
    picocli.CommandLine commandLine = DeployerCli.commandLine();
    commandLine.setOut(writer);
    commandLine.setErr(writer);
    int exit = commandLine.execute(full.toArray(String[]::new));
    return new Run(exit, text.toString());
  }

  /** Runs one command while the loop runs, and keeps what the loop saw meanwhile. */
  static Phase phase(String name, Supplier<Run> command) {
    long start = System.nanoTime();
    Run run = command.get();
    Phase phase = new Phase(name, start, System.nanoTime(), run);
    phases.add(phase);
    System.out.println("[zd] " + phase);
    return phase;
  }

  /** The api's color that has the traffic, by the edge's weights. */
  static Color servingColor() {
    HaproxyRuntime runtime = EdgeContainer.runtime(engine.container(EdgeContainer.containerName(PROJECT)).orElseThrow());
    return runtime.stats().stream()
        .filter(s -> s.backend().equals(API_BACKEND) && s.weight() == 100)
        .map(ServerStats::server).map(Color::parse).flatMap(Optional::stream)
        .findFirst().orElseThrow(() -> new AssertionError("no api color has all the traffic"));
  }

  static ContainerInfo apiContainer(Color color) {
    return engine.container(EdgeContainer.colorContainerName(PROJECT, "api", color)).orElseThrow();
  }

  /** Polls the serving color's api weight every 100 ms while the deploy runs (at most 15 min): {nanos, weight}. */
  static List<long[]> watchWeight(HaproxyRuntime runtime, Color serving, AtomicBoolean deploying) {
    List<long[]> polls = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
    while (deploying.get() && System.nanoTime() < deadline) {
      long now = System.nanoTime();
      try {
        polls.add(new long[] {now, runtime.stats(API_BACKEND, serving.id()).weight()});
      } catch (RuntimeException e) {
        // The edge is busy or a poll timed out: the next one tells.
      }
      EdgeLoop.sleep(100);
    }
    return polls;
  }

  /** Waits (at most 30 s) for a line containing {@code text} in a container's log. */
  static boolean awaitLog(String containerId, String text) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (engine.logs(containerId, 200).stream().anyMatch(line -> line.contains(text))) {
        return true;
      }
      EdgeLoop.sleep(200);
    }
    return false;
  }

  /** From the newest rollback report: the time of its steps up to and including the last check. */
  static Duration toVerified() {
    try (var reports = Files.list(work.resolve("state").resolve(ENV).resolve("reports").resolve("rollback"))) {
      Path newest = reports.filter(p -> p.toString().endsWith(".json")).max(java.util.Comparator.naturalOrder())
          .orElseThrow();
      JsonNode timeline = ReportStore.json().readTree(newest.toFile()).path("timeline");
      Duration total = Duration.ZERO;
      for (JsonNode entry : timeline) {
        total = total.plus(Duration.parse(entry.path("duration").asText()));
        if ("verify endpoints".equals(entry.path("step").asText())) {
          return total;
        }
      }
      throw new AssertionError("no verify endpoints step in " + newest + ": " + timeline);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static int indexOf(List<long[]> polls, int from, java.util.function.Predicate<long[]> test) {
    for (int i = from; i < polls.size(); i++) {
      if (test.test(polls.get(i))) {
        return i;
      }
    }
    return -1;
  }

  static List<Integer> hostPorts(ContainerInfo container) {
    return container.ports().stream().map(ContainerSpec.PublishedPort::hostPort).filter(port -> port > 0).toList();
  }

  static List<String> names(List<ContainerInfo> containers) {
    return containers.stream().map(ContainerInfo::name).toList();
  }

  static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  /** One command and what the loop saw while it ran (requests that started between its start and end). */
  record Phase(String name, long start, long end, Run run) {

    List<Sample> samples() {
      return loop.samples().stream().filter(s -> s.start() >= start && s.start() <= end).toList();
    }

    long failed() {
      return samples().stream().filter(Sample::failed).count();
    }

    List<String> errors() {
      return samples().stream().filter(Sample::failed).map(Sample::error).distinct().toList();
    }

    Map<String, Integer> releases() {
      Map<String, Integer> releases = new TreeMap<>();
      samples().stream().filter(s -> s.release() != null).forEach(s -> releases.merge(s.release(), 1, Integer::sum));
      return releases;
    }

    @Override
    public String toString() {
      return name + ": exit " + run.exitCode() + " after " + millis(end - start) + " ms; " + samples().size()
          + " requests, " + failed() + " failed, answers by release " + releases()
          + (failed() == 0 ? "" : ", errors " + errors());
    }
  }

  /** One request of the loop; {@code release} is what an info answer named, {@code error} null when it passed. */
  record Sample(long start, long end, String path, String release, String error) {
    boolean failed() {
      return error != null;
    }
  }

  /**
   * The bounded request loop through the edge: GET /members twice, then GET /actuator/info (the
   * first a real route the 5xx fault hits, the second names the release that answered), one after
   * another, each on a new connection with no retry, until stopped, {@code maxDuration} or
   * {@code maxRequests}. A request fails on any error or a status other than 2xx.
   */
  static final class EdgeLoop {

    private static final long PAUSE_MS = 5;
    // Two in three on /members: a period of 2 would alias with the edge's 1-in-10 picks at the first
    // step and could send every pick to the info requests; 3 and 10 share no factor.
    private static final List<String> PATHS = List.of("/members", "/members", "/actuator/info");

    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;

    private EdgeLoop(String base, Duration maxDuration, int maxRequests) {
      thread = new Thread(() -> run(base, maxDuration, maxRequests), "edge-loop");
      thread.setDaemon(true);
    }

    static EdgeLoop start(String base, Duration maxDuration, int maxRequests) {
      EdgeLoop loop = new EdgeLoop(base, maxDuration, maxRequests);
      loop.thread.start();
      return loop;
    }

    void stop() {
      stop.set(true);
      try {
        thread.join(Duration.ofSeconds(30).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    List<Sample> samples() {
      synchronized (samples) {
        return List.copyOf(samples);
      }
    }

    /** Waits (at most 30 s) for {@code count} info answers of requests started after {@code after}. */
    List<Sample> awaitInfoAnswers(long after, int count) {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      List<Sample> answers = List.of();
      while (System.nanoTime() < deadline) {
        answers = samples().stream().filter(s -> s.start() > after && s.path().equals("/actuator/info")).toList();
        if (answers.size() >= count) {
          return answers.subList(0, count);
        }
        sleep(200);
      }
      throw new AssertionError("only " + answers.size() + " info answers in 30 s: " + answers);
    }

    private void run(String base, Duration maxDuration, int maxRequests) {
      OkHttpClient client = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(10))
          .retryOnConnectionFailure(false).build();
      long deadline = System.nanoTime() + maxDuration.toNanos();
      for (int i = 0; i < maxRequests && !stop.get() && System.nanoTime() < deadline; i++) {
        String path = PATHS.get(i % PATHS.size());
        Request request = new Request.Builder().url(base + path).header("Connection", "close").get().build();
        long start = System.nanoTime();
        String release = null;
        String error = null;
        try (Response response = client.newCall(request).execute()) {
          String body = response.body().string();
          if (!response.isSuccessful()) {
            error = "HTTP " + response.code() + " " + path;
          } else if (path.equals("/actuator/info")) {
            JsonNode json = ReportStore.json().readTree(body);
            release = json.path("release").asText("?");
          }
        } catch (Exception e) {
          error = e.getClass().getSimpleName() + " " + path;
        }
        synchronized (samples) {
          samples.add(new Sample(start, System.nanoTime(), path, release, error));
        }
        sleep(PAUSE_MS);
      }
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }

    static void sleep(long millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
