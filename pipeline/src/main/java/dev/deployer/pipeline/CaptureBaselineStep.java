package dev.deployer.pipeline;

import dev.deployer.infrastructure.baseline.Baseline;
import dev.deployer.infrastructure.baseline.BaselineCapture;
import dev.deployer.infrastructure.baseline.BaselineException;
import dev.deployer.infrastructure.baseline.BaselineFile;
import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.http.HttpClients;
import java.nio.file.Path;
import okhttp3.OkHttpClient;

/** Records the running, verified stack as the baseline file (`deployer baseline capture`). */
public final class CaptureBaselineStep implements Step {

  private final Path output;

  /** {@code output} null means the committed baseline next to the stack's compose.yaml. */
  public CaptureBaselineStep(Path output) {
    this.output = output;
  }

  @Override
  public String name() {
    return "capture baseline";
  }

  /** A stack outside the thresholds is not known-good: a baseline taken then would excuse slow releases. */
  private static void refuseSlow(Baseline baseline, DeploymentConfig.ValidationSettings validation)
      throws PipelineException {
    Baseline.Performance performance = baseline.performance();
    if (performance == null) {
      return;
    }
    if (performance.p95Millis() > validation.maxResponseTime().toMillis()
        || performance.throughputPerSecond() < validation.minThroughput()) {
      throw new PipelineException(PipelineException.Kind.VERIFICATION_FAILED, String.format(
          "not captured: the load probe measured p95 %.0f ms and %.1f req/s, outside the thresholds (p95 <= %d ms,"
              + " >= %s req/s); capture when the stack and the machine are not under other load",
          performance.p95Millis(), performance.throughputPerSecond(), validation.maxResponseTime().toMillis(),
          validation.minThroughput()));
    }
  }

  @Override
  public void run(DeployContext context) throws PipelineException {
    Path file = output != null ? output : context.project().workingDir().resolve(ValidateBaselineStep.DEFAULT_BASELINE);
    OkHttpClient http = HttpClients.baseline(context.config().validation().maxResponseTime());
    try {
      Baseline baseline = new BaselineCapture(context.engine(), http, context.request().validation().probe(),
          context.config().probes(), context.config().variables())
          .capture(context.config().environment(), context.project(), context.publishedHost(), context.containers());
      refuseSlow(baseline, context.config().validation());
      BaselineFile.write(baseline, file);
      context.events().progress(name(), "services " + baseline.services().keySet()
          + (baseline.performance() == null ? "" : String.format(", p95 %.0f ms, %.1f req/s",
          baseline.performance().p95Millis(), baseline.performance().throughputPerSecond())));
      context.events().progress(name(), "baseline written to " + file);
    } catch (BaselineException e) {
      throw new PipelineException(PipelineException.Kind.VERIFICATION_FAILED, e.getMessage(), e);
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }
}
