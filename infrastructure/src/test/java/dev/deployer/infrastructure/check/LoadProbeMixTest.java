package dev.deployer.infrastructure.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.deployer.infrastructure.config.ProbeSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The probe over a mix of routes against a small store: per-route figures, pacing, and nothing left behind. */
class LoadProbeMixTest {

  /** Records: POST /items makes one, GET /items/{id} reads it, DELETE /items/{id} removes it; /slow/* is slow. */
  static final class Store implements AutoCloseable {
    final Set<String> items = ConcurrentHashMap.newKeySet();
    final AtomicInteger next = new AtomicInteger();
    final AtomicInteger created = new AtomicInteger();
    volatile long slowMillis;
    private final HttpServer server;

    Store() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setExecutor(Executors.newFixedThreadPool(8));
      server.createContext("/", exchange -> {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        exchange.getRequestBody().readAllBytes();
        int status = 200;
        String body = "{}";
        if (path.startsWith("/slow")) {
          sleep(slowMillis);
        } else if (method.equals("POST") && path.equals("/items")) {
          String id = Integer.toString(next.incrementAndGet());
          items.add(id);
          created.incrementAndGet();
          status = 201;
          body = "{\"id\": " + id + "}";
        } else if (path.startsWith("/items/")) {
          String id = path.substring("/items/".length());
          boolean known = method.equals("DELETE") ? items.remove(id) : items.contains(id);
          status = known ? (method.equals("DELETE") ? 204 : 200) : 404;
        }
        byte[] bytes = status == 204 ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, status == 204 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      });
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
      server.stop(0);
    }

    private static void sleep(long millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static final ProbeSettings.Fixture ITEM = new ProbeSettings.Fixture("item", "POST", "/items", "{\"name\": \"probe\"}",
      "id", "/items/{id}");
  static final ProbeSettings.Route READ = new ProbeSettings.Route("item by id", "GET", "/items/{item}", null, 2, null,
      "id");
  static final ProbeSettings.Route CREATE = new ProbeSettings.Route("create item", "POST", "/items", "{}", 1,
      "/items/{id}", "id");
  static final ProbeSettings.Route SLOW = new ProbeSettings.Route("slow page", "GET", "/slow/page", null, 1, null,
      "id");

  Store store;

  @BeforeEach
  void start() throws IOException {
    store = new Store();
  }

  @AfterEach
  void stop() {
    store.close();
  }

  @Test
  void measuresEveryRouteInItsShareAndLeavesTheDataAsItWas() {
    LoadProbe probe = new LoadProbe(new OkHttpClient(), new LoadProbe.Settings(2, 30, Duration.ofSeconds(20), 3,
        Duration.ofSeconds(5)));

    LoadProbe.Result result = probe.run(store.url(), new ProbeSettings.Performance(100, List.of(ITEM),
        List.of(READ, CREATE)), Map.of());

    assertThat(result.requests()).isEqualTo(30);
    assertThat(result.errors()).isZero();
    assertThat(result.routes()).extracting(LoadProbe.RouteResult::name).containsExactly("item by id", "create item");
    assertThat(result.routes()).extracting(LoadProbe.RouteResult::requests).containsExactly(20, 10);
    assertThat(result.routes()).allSatisfy(route -> assertThat(route.p95Millis()).isPositive());
    assertThat(store.created.get()).as("the fixture, the warm-up's and the measured creates").isGreaterThan(10);
    assertThat(store.items).as("everything the probe made is deleted").isEmpty();
    assertThat(result.leftovers()).isEmpty();
  }

  @Test
  void keepsToThePacedRate() {
    LoadProbe probe = new LoadProbe(new OkHttpClient(), new LoadProbe.Settings(4, 1000, Duration.ofSeconds(1), 0,
        Duration.ofSeconds(5)));

    LoadProbe.Result result = probe.run(store.url(), new ProbeSettings.Performance(20, List.of(), List.of(READ)),
        Map.of());

    assertThat(result.requests()).isBetween(15, 21);
  }

  @Test
  void aFixtureThatCannotBeMadeSendsNothingAndSaysWhy() {
    ProbeSettings.Fixture missing = new ProbeSettings.Fixture("thing", "POST", "/nothing-here", null, "id",
        "/nothing-here/{id}");
    LoadProbe.Result result = new LoadProbe(new OkHttpClient(), LoadProbe.Settings.DEFAULT).run(store.url(),
        new ProbeSettings.Performance(10, List.of(missing), List.of(READ)), Map.of());

    assertThat(result.requests()).isZero();
    assertThat(result.routes().get(0).firstError()).contains("fixture thing");
  }

  @Test
  void aReleaseSlowOnOneRouteFailsNamingTheRoute() {
    // Far apart, so that a loaded machine does not push the fast route over the line too.
    store.slowMillis = 800;
    LoadProbe probe = new LoadProbe(new OkHttpClient(), new LoadProbe.Settings(4, 40, Duration.ofSeconds(10), 0,
        Duration.ofSeconds(5)));
    PerformanceCheck check = new PerformanceCheck("performance web", probe, store.url(),
        new ProbeSettings.Performance(50, List.of(ITEM), List.of(READ, SLOW)), Map.of(), Duration.ofMillis(600), 0.1,
        new PerformanceCheck.Reference(5, 10, 12, 50, Map.of("item by id", new PerformanceCheck.Reference(5, 10, 12, 30),
            "slow page", new PerformanceCheck.Reference(5, 10, 12, 15))), 50);

    CheckResult result = check.run();

    assertThat(result.verdict()).isEqualTo(CheckResult.Verdict.FAIL);
    assertThat(result.actual()).contains("route 'slow page' p95").contains("above 600 ms")
        .doesNotContain("route 'item by id' p95");
    assertThat(check.lastResult().routes()).extracting(LoadProbe.RouteResult::name)
        .containsExactly("item by id", "slow page");
    assertThat(store.items).isEmpty();
  }

  @Test
  void driftOnOneRouteOnlyWarnsAndNamesIt() {
    store.slowMillis = 60;
    LoadProbe probe = new LoadProbe(new OkHttpClient(), new LoadProbe.Settings(4, 30, Duration.ofSeconds(10), 0,
        Duration.ofSeconds(5)));
    PerformanceCheck check = new PerformanceCheck("performance web", probe, store.url(),
        new ProbeSettings.Performance(50, List.of(ITEM), List.of(READ, SLOW)), Map.of(), Duration.ofSeconds(5), 0.1,
        new PerformanceCheck.Reference(5, 10, 12, 1, Map.of("slow page", new PerformanceCheck.Reference(1, 2, 3, 0.1))),
        50);

    CheckResult result = check.run();

    assertThat(result.verdict()).isEqualTo(CheckResult.Verdict.WARN);
    assertThat(result.actual()).contains("route 'slow page' p95").contains("above baseline")
        .doesNotContain("route 'item by id' p95");
  }
}
