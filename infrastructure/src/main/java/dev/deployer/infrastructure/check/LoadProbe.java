package dev.deployer.infrastructure.check;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A short, bounded load probe: a few workers send GETs to one loopback URL until either the
 * request budget or the time budget is spent, then latency percentiles and throughput are taken
 * over the answers. Only loopback targets are accepted, so a probe can never load someone else's
 * host.
 */
public final class LoadProbe {

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

  /** What the probe measured; latencies in milliseconds over the answered requests (2xx or not). */
  public record Result(String url, int requests, int errors, double p50Millis, double p95Millis, double p99Millis,
      double throughputPerSecond, Duration elapsed) {

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

  /** Sends the load and measures it; throws only for a target that is not on loopback. */
  public Result run(String url, Map<String, String> headers) {
    requireLoopback(url);
    Request.Builder builder = new Request.Builder().url(url).get();
    headers.forEach(builder::header);
    Request request = builder.build();
    for (int i = 0; i < settings.warmup(); i++) {
      send(request);
    }
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger issued = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    long start = System.nanoTime();
    long deadline = start + settings.maxDuration().toNanos();
    ExecutorService workers = Executors.newFixedThreadPool(settings.concurrency());
    try {
      for (int w = 0; w < settings.concurrency(); w++) {
        workers.execute(() -> {
          while (System.nanoTime() < deadline && issued.incrementAndGet() <= settings.maxRequests()) {
            long sent = System.nanoTime();
            if (!send(request)) {
              errors.incrementAndGet();
            }
            latencies.add(System.nanoTime() - sent);
          }
        });
      }
      workers.shutdown();
      long grace = settings.maxDuration().plus(settings.requestTimeout()).plusSeconds(1).toMillis();
      if (!workers.awaitTermination(grace, TimeUnit.MILLISECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    List<Long> sorted;
    synchronized (latencies) {
      sorted = new ArrayList<>(latencies);
    }
    sorted.sort(null);
    double seconds = Math.max(elapsed.toNanos() / 1e9, 1e-3);
    return new Result(url, sorted.size(), errors.get(), percentile(sorted, 50), percentile(sorted, 95),
        percentile(sorted, 99), sorted.size() / seconds, elapsed);
  }

  /** Nearest-rank percentile in milliseconds; 0 for no samples. */
  static double percentile(List<Long> sortedNanos, int percent) {
    if (sortedNanos.isEmpty()) {
      return 0;
    }
    int rank = (int) Math.ceil(percent / 100.0 * sortedNanos.size());
    return sortedNanos.get(Math.max(0, Math.min(sortedNanos.size() - 1, rank - 1))) / 1e6;
  }

  /** True for a 2xx answer. */
  private boolean send(Request request) {
    try (Response response = client.newCall(request).execute()) {
      response.body().bytes();
      return response.isSuccessful();
    } catch (IOException e) {
      return false;
    }
  }

  static void requireLoopback(String url) {
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
  }
}
