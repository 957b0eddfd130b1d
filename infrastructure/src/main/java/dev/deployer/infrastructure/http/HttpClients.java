package dev.deployer.infrastructure.http;

import java.time.Duration;
import okhttp3.OkHttpClient;

/**
 * The one place the deployer's HTTP clients are built. Every client asks once (no retry on a
 * failed connection: a check or probe reports what it saw) within a call timeout named here.
 */
public final class HttpClients {

  /** A readiness poll: a refused or slow answer is "not yet", and the next poll asks again. */
  public static final Duration READINESS_TIMEOUT = Duration.ofSeconds(1);

  /**
   * Added to the slowest answer a check accepts, so a slow answer is measured and reported as
   * slow rather than cut off.
   */
  public static final Duration CHECK_MARGIN = Duration.ofSeconds(5);

  /** Added for the baseline's checks and load probe, whose requests queue behind each other. */
  public static final Duration BASELINE_MARGIN = Duration.ofSeconds(10);

  private HttpClients() {}

  /** For the readiness probes of the wait for healthy services. */
  public static OkHttpClient readiness() {
    return withTimeout(READINESS_TIMEOUT);
  }

  /** For the checks of verify and of the monitor, which accept answers up to {@code maxResponseTime}. */
  public static OkHttpClient checks(Duration maxResponseTime) {
    return withTimeout(maxResponseTime.plus(CHECK_MARGIN));
  }

  /** For capturing and comparing against the baseline, whose answers may take up to {@code maxResponseTime}. */
  public static OkHttpClient baseline(Duration maxResponseTime) {
    return withTimeout(maxResponseTime.plus(BASELINE_MARGIN));
  }

  /** A client whose every call ends within {@code callTimeout}, such as a webhook's. */
  public static OkHttpClient withTimeout(Duration callTimeout) {
    return new OkHttpClient.Builder().callTimeout(callTimeout).retryOnConnectionFailure(false).build();
  }

  /** Lets go of a client's threads and idle connections at once, rather than when they time out. */
  public static void release(OkHttpClient client) {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
