package dev.deployer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.infrastructure.report.ReportStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A bounded load loop on one loopback URL: one request after another, each on a new connection
 * (no retry, no keep-alive to hide a dropped one), until stopped, {@code maxDuration} or
 * {@code maxRequests}. A request fails on any error or a status other than 2xx.
 */
final class LoadLoop {

  private static final Duration PAUSE = Duration.ofMillis(20);

  /**
   * What the loop saw; {@code releases} counts answers by the body's {@code release} field;
   * {@code failingMillis}, from the start of the first failed request to the end of the last (0: none failed).
   */
  record Result(int requests, int failed, Map<String, Integer> releases, long maxMillis, long failingMillis,
      List<String> errors) {
    @Override
    public String toString() {
      return requests + " requests, " + failed + " failed" + (failed == 0 ? "" : " within " + failingMillis + " ms")
          + ", by release " + releases + ", slowest " + maxMillis + " ms"
          + (errors.isEmpty() ? "" : ", first errors " + errors);
    }
  }

  private final AtomicBoolean stop = new AtomicBoolean();
  private final CompletableFuture<Result> result;

  private LoadLoop(String url, Duration maxDuration, int maxRequests) {
    OkHttpClient client = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(5))
        .retryOnConnectionFailure(false).build();
    ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
      Thread loop = new Thread(task, "load-loop");
      loop.setDaemon(true);
      return loop;
    });
    result = CompletableFuture.supplyAsync(() -> run(client, url, maxDuration, maxRequests), thread);
    thread.shutdown();
  }

  static LoadLoop start(String url, Duration maxDuration, int maxRequests) {
    return new LoadLoop(url, maxDuration, maxRequests);
  }

  Result stop() throws InterruptedException, ExecutionException, TimeoutException {
    stop.set(true);
    return result.get(30, TimeUnit.SECONDS);
  }

  private Result run(OkHttpClient client, String url, Duration maxDuration, int maxRequests) {
    Instant deadline = Instant.now().plus(maxDuration);
    Request request = new Request.Builder().url(url).header("Connection", "close").get().build();
    int requests = 0;
    int failed = 0;
    long maxMillis = 0;
    long firstFailure = 0;
    long lastFailure = 0;
    Map<String, Integer> releases = new TreeMap<>();
    List<String> errors = new ArrayList<>();
    while (!stop.get() && requests < maxRequests && Instant.now().isBefore(deadline)) {
      long start = System.nanoTime();
      requests++;
      String error = null;
      try (Response response = client.newCall(request).execute()) {
        String body = response.body().string();
        if (response.isSuccessful()) {
          JsonNode json = ReportStore.json().readTree(body);
          releases.merge(json.path("release").asText("?"), 1, Integer::sum);
        } else {
          error = "HTTP " + response.code();
        }
      } catch (Exception e) {
        error = e.getClass().getSimpleName() + ": " + e.getMessage();
      }
      long end = System.nanoTime();
      maxMillis = Math.max(maxMillis, (end - start) / 1_000_000);
      if (error != null) {
        firstFailure = failed == 0 ? start : firstFailure;
        lastFailure = end;
        failed++;
        if (errors.size() < 5) {
          errors.add(error);
        }
      }
      try {
        Thread.sleep(PAUSE.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
    return new Result(requests, failed, Collections.unmodifiableMap(releases), maxMillis,
        (lastFailure - firstFailure) / 1_000_000, List.copyOf(errors));
  }
}
