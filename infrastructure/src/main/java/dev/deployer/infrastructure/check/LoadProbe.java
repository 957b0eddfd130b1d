package dev.deployer.infrastructure.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deployer.infrastructure.config.ProbeSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A short, bounded load probe over a mix of routes of one service: the fixtures are made first, then
 * a few workers send the routes' requests, interleaved by weight, at a paced rate until either the
 * request budget or the time budget is spent, then latency percentiles, throughput and errors are
 * taken per route and over all. Everything the probe creates is deleted again: each record a route
 * creates right after its answer, the fixtures at the end, whatever happened. Only loopback targets
 * are accepted, so a probe can never load someone else's host.
 */
public final class LoadProbe {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType JSON_TYPE = MediaType.get("application/json");

  /** How much load, for how long. The first {@code warmup} requests are sent but not measured. */
  public record Settings(int concurrency, int maxRequests, Duration maxDuration, int warmup, Duration requestTimeout) {

    public static final Settings DEFAULT = new Settings(4, 200, Duration.ofSeconds(5), 8, Duration.ofSeconds(10));

    public Settings {
      if (concurrency < 1 || concurrency > 16) {
        throw new IllegalArgumentException("concurrency must be 1..16: " + concurrency);
      }
      if (maxRequests < 1 || maxRequests > 10_000) {
        throw new IllegalArgumentException("max requests must be 1..10000: " + maxRequests);
      }
      if (maxDuration.isNegative() || maxDuration.isZero() || maxDuration.compareTo(Duration.ofMinutes(2)) > 0) {
        throw new IllegalArgumentException("max duration must be above 0 and at most 2 minutes: " + maxDuration);
      }
    }
  }

  /** What one route measured; latencies in milliseconds over its answered requests (2xx or not). */
  public record RouteResult(String name, String method, String path, int requests, int errors, double p50Millis,
      double p95Millis, double p99Millis, double throughputPerSecond, String firstError) {

    public double errorRate() {
      return requests == 0 ? 1 : (double) errors / requests;
    }

    public String summary() {
      return String.format("%s: p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, %.1f req/s, %d requests, %d errors", name,
          p50Millis, p95Millis, p99Millis, throughputPerSecond, requests, errors);
    }
  }

  /**
   * What the probe measured, over all routes and per route; {@code leftovers} names what it created
   * and could not delete (empty: the data is as it was).
   */
  public record Result(String url, int requests, int errors, double p50Millis, double p95Millis, double p99Millis,
      double throughputPerSecond, Duration elapsed, List<RouteResult> routes, List<String> leftovers) {

    public Result {
      routes = List.copyOf(routes);
      leftovers = List.copyOf(leftovers);
    }

    public double errorRate() {
      return requests == 0 ? 1 : (double) errors / requests;
    }

    public String summary() {
      return String.format("p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, %.1f req/s (%d requests, %d errors, %.1f s)",
          p50Millis, p95Millis, p99Millis, throughputPerSecond, requests, errors, elapsed.toMillis() / 1000.0);
    }
  }

  private final OkHttpClient client;
  private final Settings settings;

  public LoadProbe(OkHttpClient client, Settings settings) {
    this.client = client.newBuilder().callTimeout(settings.requestTimeout()).retryOnConnectionFailure(false).build();
    this.settings = settings;
  }

  /** GETs one URL as fast as the workers go; throws only for a target that is not on loopback. */
  public Result run(String url, Map<String, String> headers) {
    HttpUrl parsed = requireLoopback(url);
    String base = parsed.newBuilder().encodedPath("/").query(null).build().toString();
    base = base.substring(0, base.length() - 1);
    String path = parsed.encodedPath() + (parsed.encodedQuery() == null ? "" : "?" + parsed.encodedQuery());
    ProbeSettings.Route route = new ProbeSettings.Route(parsed.encodedPath(), "GET", path, null, 1, null, "id");
    return run(base, new ProbeSettings.Performance(0, List.of(), List.of(route)), headers);
  }

  /**
   * Makes the fixtures, sends the mix at {@code mix.rate()} requests per second (0: as fast as the
   * workers go) to {@code baseUrl}, deletes what it made; throws only for a target not on loopback.
   * A fixture that cannot be made is an error of every route, and nothing is sent.
   */
  public Result run(String baseUrl, ProbeSettings.Performance mix, Map<String, String> headers) {
    requireLoopback(baseUrl);
    Map<String, String> ids = new LinkedHashMap<>();
    List<String> leftovers = Collections.synchronizedList(new ArrayList<>());
    List<ProbeSettings.Fixture> made = new ArrayList<>();
    try {
      for (ProbeSettings.Fixture fixture : mix.fixtures()) {
        Answer answer = send(baseUrl, fixture.method(), fill(fixture.path(), ids), fill(fixture.body(), ids), headers,
            fixture.idField());
        if (!answer.ok() || answer.id() == null) {
          return failed(baseUrl, mix, "fixture " + fixture.name() + ": " + fixture.method() + " " + fixture.path()
              + " answered " + answer.describe(), leftovers);
        }
        ids.put(fixture.name(), answer.id());
        made.add(fixture);
      }
      return measure(baseUrl, mix, ids, headers, leftovers);
    } finally {
      for (int i = made.size() - 1; i >= 0; i--) {
        ProbeSettings.Fixture fixture = made.get(i);
        String delete = fill(fixture.delete().replace("{id}", ids.get(fixture.name())), ids);
        if (!send(baseUrl, "DELETE", delete, null, headers, null).ok()) {
          leftovers.add(delete);
        }
      }
    }
  }

  private Result measure(String baseUrl, ProbeSettings.Performance mix, Map<String, String> ids,
      Map<String, String> headers, List<String> leftovers) {
    List<ProbeSettings.Route> routes = mix.routes();
    int[] schedule = schedule(routes);
    for (int i = 0; i < settings.warmup(); i++) {
      call(baseUrl, routes.get(schedule[i % schedule.length]), ids, headers, leftovers);
    }
    List<List<Long>> latencies = new ArrayList<>();
    List<List<String>> errors = new ArrayList<>();
    for (int i = 0; i < routes.size(); i++) {
      latencies.add(Collections.synchronizedList(new ArrayList<>()));
      errors.add(Collections.synchronizedList(new ArrayList<>()));
    }
    AtomicLong slots = new AtomicLong();
    long interval = mix.rate() > 0 ? (long) (1e9 / mix.rate()) : 0;
    long start = System.nanoTime();
    long deadline = start + settings.maxDuration().toNanos();
    ExecutorService workers = Executors.newFixedThreadPool(settings.concurrency());
    try {
      for (int w = 0; w < settings.concurrency(); w++) {
        workers.execute(() -> {
          while (true) {
            long slot = slots.getAndIncrement();
            long due = start + slot * interval;
            if (slot >= settings.maxRequests() || due >= deadline) {
              return;
            }
            // Paced: each request has its time; a worker that is early waits for it.
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
              LockSupport.parkNanos(wait);
            }
            if (System.nanoTime() >= deadline) {
              return;
            }
            int route = schedule[(int) (slot % schedule.length)];
            long sent = System.nanoTime();
            String error = call(baseUrl, routes.get(route), ids, headers, leftovers);
            latencies.get(route).add(System.nanoTime() - sent);
            if (error != null) {
              errors.get(route).add(error);
            }
          }
        });
      }
      workers.shutdown();
      long grace = settings.maxDuration().plus(settings.requestTimeout().multipliedBy(2)).plusSeconds(1).toMillis();
      if (!workers.awaitTermination(grace, TimeUnit.MILLISECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    double seconds = Math.max(elapsed.toNanos() / 1e9, 1e-3);
    List<RouteResult> results = new ArrayList<>();
    List<Long> all = new ArrayList<>();
    int errorCount = 0;
    for (int i = 0; i < routes.size(); i++) {
      List<Long> sorted;
      synchronized (latencies.get(i)) {
        sorted = new ArrayList<>(latencies.get(i));
      }
      List<String> failures;
      synchronized (errors.get(i)) {
        failures = new ArrayList<>(errors.get(i));
      }
      sorted.sort(null);
      all.addAll(sorted);
      errorCount += failures.size();
      ProbeSettings.Route route = routes.get(i);
      results.add(new RouteResult(route.name(), route.method(), route.path(), sorted.size(), failures.size(),
          percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99), sorted.size() / seconds,
          failures.isEmpty() ? null : failures.get(0)));
    }
    all.sort(null);
    return new Result(baseUrl, all.size(), errorCount, percentile(all, 50), percentile(all, 95), percentile(all, 99),
        all.size() / seconds, elapsed, results, leftovers);
  }

  /** No request sent: every route failed for {@code reason}. */
  private static Result failed(String baseUrl, ProbeSettings.Performance mix, String reason, List<String> leftovers) {
    List<RouteResult> routes = mix.routes().stream()
        .map(r -> new RouteResult(r.name(), r.method(), r.path(), 0, 0, 0, 0, 0, 0, reason)).toList();
    return new Result(baseUrl, 0, 0, 0, 0, 0, 0, Duration.ZERO, routes, leftovers);
  }

  /**
   * The route indices in sending order: each route as often as its weight, spread out (smooth
   * weighted round robin), so that a short probe still sees every route in its share.
   */
  static int[] schedule(List<ProbeSettings.Route> routes) {
    int total = routes.stream().mapToInt(ProbeSettings.Route::weight).sum();
    int[] current = new int[routes.size()];
    int[] order = new int[total];
    for (int n = 0; n < total; n++) {
      int best = 0;
      for (int i = 0; i < routes.size(); i++) {
        current[i] += routes.get(i).weight();
        if (current[i] > current[best]) {
          best = i;
        }
      }
      current[best] -= total;
      order[n] = best;
    }
    return order;
  }

  /** Sends one request of a route, and deletes what it created; null when it succeeded, else what went wrong. */
  private String call(String baseUrl, ProbeSettings.Route route, Map<String, String> ids, Map<String, String> headers,
      List<String> leftovers) {
    Answer answer = send(baseUrl, route.method(), fill(route.path(), ids), fill(route.body(), ids), headers,
        route.delete() == null ? null : route.idField());
    if (route.delete() != null && answer.id() != null) {
      String delete = fill(route.delete().replace("{id}", answer.id()), ids);
      if (!send(baseUrl, "DELETE", delete, null, headers, null).ok()) {
        leftovers.add(delete);
      }
    }
    return answer.ok() ? null : answer.describe();
  }

  private record Answer(int status, String error, String id) {

    boolean ok() {
      return status >= 200 && status < 300;
    }

    String describe() {
      return error != null ? error : Integer.toString(status);
    }
  }

  private Answer send(String baseUrl, String method, String path, String body, Map<String, String> headers,
      String idField) {
    Request.Builder builder = new Request.Builder().url(baseUrl + path).method(method, body(method, body));
    headers.forEach(builder::header);
    try (Response response = client.newCall(builder.build()).execute()) {
      String text = response.body().string();
      String id = null;
      if (idField != null && response.isSuccessful()) {
        try {
          JsonNode value = JSON.readTree(text).path(idField);
          id = value.isValueNode() ? value.asText() : null;
        } catch (IOException e) {
          id = null; // not JSON: nothing to delete by id
        }
      }
      return new Answer(response.code(), null, id);
    } catch (IOException e) {
      return new Answer(0, e.getClass().getSimpleName() + ": " + e.getMessage(), null);
    }
  }

  /** A JSON body for the methods that carry one (an empty one where the method needs it), else none. */
  static RequestBody body(String method, String body) {
    boolean needsBody = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    return body != null ? RequestBody.create(body, JSON_TYPE) : needsBody ? RequestBody.create("", JSON_TYPE) : null;
  }

  /** {@code template} with every {@code {name}} of a fixture replaced by its id. */
  static String fill(String template, Map<String, String> ids) {
    if (template == null) {
      return null;
    }
    String result = template;
    for (Map.Entry<String, String> id : ids.entrySet()) {
      result = result.replace("{" + id.getKey() + "}", id.getValue());
    }
    return result;
  }

  /** Nearest-rank percentile in milliseconds; 0 for no samples. */
  static double percentile(List<Long> sortedNanos, int percent) {
    if (sortedNanos.isEmpty()) {
      return 0;
    }
    int rank = (int) Math.ceil(percent / 100.0 * sortedNanos.size());
    return sortedNanos.get(Math.max(0, Math.min(sortedNanos.size() - 1, rank - 1))) / 1e6;
  }

  static HttpUrl requireLoopback(String url) {
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) {
      throw new IllegalArgumentException("not an http(s) URL: " + url);
    }
    try {
      for (InetAddress address : InetAddress.getAllByName(parsed.host())) {
        if (!address.isLoopbackAddress()) {
          throw new IllegalArgumentException("the load probe only targets loopback, not " + parsed.host());
        }
      }
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("unknown host " + parsed.host(), e);
    }
    return parsed;
  }
}
