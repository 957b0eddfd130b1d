package dev.deployer.infrastructure.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class HttpClientsTest {

  @Test
  void eachClientAsksOnceWithinItsNamedTimeout() {
    Duration maxResponse = Duration.ofMillis(1500);

    assertThat(HttpClients.readiness().callTimeoutMillis()).isEqualTo(1_000);
    assertThat(HttpClients.checks(maxResponse).callTimeoutMillis()).isEqualTo(6_500);
    assertThat(HttpClients.baseline(maxResponse).callTimeoutMillis()).isEqualTo(11_500);
    OkHttpClient webhook = HttpClients.withTimeout(Duration.ofSeconds(3));
    assertThat(webhook.callTimeoutMillis()).isEqualTo(3_000);
    assertThat(webhook.retryOnConnectionFailure()).isFalse();

    HttpClients.release(webhook);
    assertThat(webhook.dispatcher().executorService().isShutdown()).isTrue();
  }
}
