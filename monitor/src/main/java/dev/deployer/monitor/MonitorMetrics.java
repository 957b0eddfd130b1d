package dev.deployer.monitor;

import com.sun.net.httpserver.HttpServer;
import dev.deployer.infrastructure.check.CheckResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The monitor's own meters: check latency, results by level and verdict, alerts, events from the
 * engine, rollback requests, consecutive failures per check. Optionally served for Prometheus on
 * {@code /metrics} of a loopback port.
 */
public final class MonitorMetrics implements AutoCloseable {

  private final MeterRegistry registry;
  private HttpServer server;

  public MonitorMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public static MonitorMetrics prometheus() {
    return new MonitorMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void checked(CheckResult result) {
    Timer.builder("deployer.monitor.check.latency").description("How long each check took")
        .tag("check", result.name()).tag("level", result.category())
        .register(registry).record(result.duration());
    Counter.builder("deployer.monitor.check.results").description("Check outcomes by level and verdict")
        .tag("level", result.category()).tag("verdict", lower(result.verdict().name()))
        .register(registry).increment();
  }

  public void alerted(Alert alert) {
    Counter.builder("deployer.monitor.alerts").description("Alerts sent, by severity and kind")
        .tag("severity", lower(alert.severity().name())).tag("kind", lower(alert.kind().name()))
        .register(registry).increment();
  }

  public void event(String action) {
    Counter.builder("deployer.monitor.engine.events").description("Container events from the engine")
        .tag("action", action.replaceFirst(":.*", "")).register(registry).increment();
  }

  public void rollbackRequested(RollbackRequester.Status status) {
    Counter.builder("deployer.monitor.rollback.requests").tag("status", lower(status.name()))
        .register(registry).increment();
  }

  public void channelFailed() {
    Counter.builder("deployer.monitor.alert.channel.failures").register(registry).increment();
  }

  public void streamReconnected() {
    Counter.builder("deployer.monitor.engine.events.reconnects").register(registry).increment();
  }

  public <T> void consecutiveFailures(String check, String level, T source, ToDoubleFunction<T> value) {
    Gauge.builder("deployer.monitor.check.consecutive.failures", source, value)
        .description("Consecutive failures of each check").tag("check", check).tag("level", level)
        .register(registry);
  }

  /** The Prometheus text exposition, or empty for another registry. */
  public String scrape() {
    return registry instanceof PrometheusMeterRegistry prometheus ? prometheus.scrape() : "";
  }

  /** Serves {@link #scrape()} on 127.0.0.1:port/metrics (port 0: any free one); returns the port. */
  public synchronized int serve(int port) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve metrics on port " + port + ": " + e.getMessage(), e);
    }
    server.createContext("/metrics", exchange -> {
      byte[] body = scrape().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    return server.getAddress().getPort();
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
    registry.close();
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
