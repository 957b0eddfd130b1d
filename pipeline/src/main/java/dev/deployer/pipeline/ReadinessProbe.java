package dev.deployer.pipeline;

import dev.deployer.infrastructure.compose.ComposeService;
import java.io.IOException;
import java.util.Optional;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Asks a service's readiness endpoint (label {@value LoadedStack#HEALTH_PATH}) over its
 * published port, the way a client reaches it. The engine runs a health check once per interval,
 * so a service is ready on average half an interval before the engine says so; this probe costs
 * nothing inside the container (an exec-based probe did: see BENCHMARKS.md), so the final wait
 * asks it every poll while the engine's status is still "starting".
 */
final class ReadinessProbe {

  private final String url;
  private final OkHttpClient http;

  private ReadinessProbe(String url, OkHttpClient http) {
    this.url = url;
    this.http = http;
  }

  /** The probe of a service that declares a health path and publishes its first port on one host port. */
  static Optional<ReadinessProbe> of(DeployContext context, ComposeService service, OkHttpClient http) {
    return context.healthUrl(service).map(url -> new ReadinessProbe(url, http));
  }

  String url() {
    return url;
  }

  boolean ready() {
    try (Response response = http.newCall(new Request.Builder().url(url).get().build()).execute()) {
      return response.code() == 200;
    } catch (IOException e) {
      return false;
    }
  }
}
