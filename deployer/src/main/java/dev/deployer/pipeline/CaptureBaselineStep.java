package dev.deployer.pipeline;

import dev.deployer.infrastructure.baseline.Baseline;
import dev.deployer.infrastructure.baseline.BaselineCapture;
import dev.deployer.infrastructure.baseline.BaselineException;
import dev.deployer.infrastructure.baseline.BaselineFile;
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

  @Override
  public void run(DeployContext context) throws PipelineException {
    Path file = output != null ? output : context.project().workingDir().resolve(ValidateBaselineStep.DEFAULT_BASELINE);
    OkHttpClient http = new OkHttpClient.Builder()
        .callTimeout(context.config().validation().maxResponseTime().plusSeconds(10))
        .retryOnConnectionFailure(false)
        .build();
    try {
      Baseline baseline = new BaselineCapture(context.engine(), http, context.request().validation().probe())
          .capture(context.config().environment(), context.project(), context.publishedHost());
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
