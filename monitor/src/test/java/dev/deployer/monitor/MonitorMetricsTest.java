package dev.deployer.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.check.CheckResult;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class MonitorMetricsTest {

  @Test
  void exposesLatencyResultsAlertsAndConsecutiveFailuresForPrometheus() throws IOException {
    AtomicInteger consecutive = new AtomicInteger(3);
    try (MonitorMetrics metrics = MonitorMetrics.prometheus()) {
      metrics.checked(new CheckResult("readiness api", "service", CheckResult.Verdict.FAIL, "UP", "DOWN",
          Duration.ofMillis(42), Instant.now()));
      metrics.alerted(new Alert(Instant.now(), Severity.CRITICAL, Alert.Kind.FIRING, "readiness api", "service", "x"));
      metrics.consecutiveFailures("readiness api", "service", consecutive, AtomicInteger::get);
      int port = metrics.serve(0);

      String text;
      try (Response response = new OkHttpClient().newCall(new Request.Builder()
          .url("http://127.0.0.1:" + port + "/metrics").build()).execute()) {
        assertThat(response.code()).isEqualTo(200);
        text = response.body().string();
      }

      assertThat(text).contains("deployer_monitor_check_latency_seconds_count{check=\"readiness api\",level=\"service\"} 1")
          .contains("deployer_monitor_check_results_total{level=\"service\",verdict=\"fail\"} 1.0")
          .contains("deployer_monitor_alerts_total{kind=\"firing\",severity=\"critical\"} 1.0")
          .contains("deployer_monitor_check_consecutive_failures{check=\"readiness api\",level=\"service\"} 3.0");
    }
  }
}
