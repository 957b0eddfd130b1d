package dev.deployer.pipeline;

import dev.deployer.infrastructure.baseline.Baseline;
import dev.deployer.infrastructure.baseline.BaselineComparison;
import dev.deployer.infrastructure.baseline.BaselineException;
import dev.deployer.infrastructure.baseline.BaselineFile;
import dev.deployer.infrastructure.check.Check;
import dev.deployer.infrastructure.check.CheckResult;
import dev.deployer.infrastructure.check.LoadProbe;
import dev.deployer.infrastructure.check.PerformanceCheck;
import dev.deployer.infrastructure.check.SecurityChecks;
import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.http.HttpClients;
import dev.deployer.infrastructure.report.ReportStore;
import dev.deployer.infrastructure.stack.ComposeLabels;
import dev.deployer.rollback.ReleaseLedger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.OkHttpClient;

/**
 * Step 8: compares the running stack with the baseline (by default the committed local one) and
 * checks it against the environment's thresholds and security level: ports, health, image
 * configuration, resources, performance, security. Every check runs; any failure fails the step.
 * Writes a validation report with every check and a performance report with the load probe.
 */
public final class ValidateBaselineStep implements Step {

  /** Checks run side by side, bounded: each opens an engine or HTTP connection. */
  static final int PARALLEL_CHECKS = 6;

  /** Where the committed baseline lives, relative to the directory of compose.yaml. */
  public static final String DEFAULT_BASELINE = "infrastructure/baseline/local.yaml";

  private final boolean afterRollback;

  public ValidateBaselineStep() {
    this(false);
  }

  /**
   * {@code afterRollback}: when the rollback's start step only switched back to warm containers
   * ({@link DeployContext#onlySwitchedBack()}), which passed the full validation at their own
   * deploy and ran since, the load probe is short ({@link ValidationOverrides#warmProbe()}) and
   * runs beside the other checks, every one of which still runs.
   */
  ValidateBaselineStep(boolean afterRollback) {
    this.afterRollback = afterRollback;
  }

  @Override
  public String name() {
    return "validate baseline";
  }

  /** The baseline file: the command line's, else the committed one next to the stack's compose.yaml. */
  public static Path baselineFile(DeployContext context) {
    Path override = context.request().validation().baselineFile();
    return override != null ? override : context.project().workingDir().resolve(DEFAULT_BASELINE);
  }

  @Override
  public void run(DeployContext context) throws PipelineException {
    DeploymentConfig config = context.config();
    Path file = baselineFile(context);
    List<CheckResult> results = new ArrayList<>();
    Baseline baseline;
    if (Files.exists(file)) {
      try {
        baseline = BaselineFile.read(file);
      } catch (BaselineException e) {
        throw new PipelineException(PipelineException.Kind.BAD_CONFIG, e.getMessage(), e);
      }
      context.events().progress(name(), "baseline " + file + " (" + baseline.captured().environment() + ", "
          + baseline.captured().time() + ")");
    } else {
      baseline = BaselineComparison.fromCompose(context.project(), config.probes(), config.environment());
      results.add(new CheckResult("baseline", "baseline", CheckResult.Verdict.WARN, "baseline file " + file,
          "missing: compared with compose.yaml and the thresholds only", Duration.ZERO, Instant.now()));
      context.events().warning(name(), "no baseline at " + file + ": comparing with compose.yaml and thresholds only");
    }
    DeploymentConfig.ValidationSettings validation = config.validation();
    boolean warm = afterRollback && context.onlySwitchedBack();
    LoadProbe.Settings probe = warm ? context.request().validation().warmProbe() : context.request().validation().probe();
    if (warm) {
      context.events().progress(name(), "load probe of " + probe.maxDuration().toMillis() + " ms, beside the other"
          + " checks: the rollback switched back to warm containers, validated with the full probe at their own deploy");
    }
    OkHttpClient http = HttpClients.baseline(validation.maxResponseTime());
    try {
      BaselineComparison comparison = new BaselineComparison(baseline, new BaselineComparison.Target(
          config.environment(), context.project(), config.ports(), config.publishing(), validation,
          context.engine(), context.publishedHost(), http, probe,
          SecurityFacts.pinnedImageIds(context), SecurityFacts.defaultSecrets(context), context.containers(),
          config.probes(), config.variables()));
      for (CheckResult result : runChecks(comparison.checks(), warm)) {
        results.add(result);
        context.events().progress(name(), result.verdict() + " " + result.name() + ": " + result.actual());
      }
      context.checks().addAll(results);
      writeReports(context, file, baseline, validation, results, comparison.performanceCheck());
    } finally {
      HttpClients.release(http);
    }
    List<CheckResult> failed = results.stream().filter(CheckResult::failed).toList();
    if (!failed.isEmpty()) {
      throw new PipelineException(PipelineException.Kind.VERIFICATION_FAILED, failed.size() + " of " + results.size()
          + " baseline checks failed: " + String.join(", ", failed.stream().map(CheckResult::name).toList()),
          failed, List.of(), null);
    }
  }

  /**
   * Runs the checks, results in their order. Each one mostly waits (an engine stats sample takes a
   * second or two, an HTTP answer), so all but the load probe run side by side; the probe runs
   * alone afterwards, so its load counts against no other check and nothing else loads the stack
   * while it measures.
   */
  static List<CheckResult> runChecks(List<Check> checks) {
    return runChecks(checks, false);
  }

  /**
   * {@code probeAlongside}: the probe runs with the others, so the check takes as long as the
   * slowest one, not the engine's stats sample plus the probe; the resource figures then include
   * the probe's load. For a rollback that only switched back to warm containers.
   */
  static List<CheckResult> runChecks(List<Check> checks, boolean probeAlongside) {
    CheckResult[] results = new CheckResult[checks.size()];
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_CHECKS);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < checks.size(); i++) {
        int index = i;
        if (probeAlongside || !isLoadProbe(checks.get(i))) {
          running.add(pool.submit(() -> results[index] = checks.get(index).run()));
        }
      }
      for (Future<?> check : running) {
        check.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a check threw: " + e.getCause(), e.getCause()); // checks never throw
    } finally {
      pool.shutdownNow();
    }
    for (int i = 0; i < checks.size(); i++) {
      if (results[i] == null) {
        results[i] = checks.get(i).run();
      }
    }
    return List.of(results);
  }

  private static boolean isLoadProbe(Check check) {
    return "performance".equals(check.category());
  }

  private void writeReports(DeployContext context, Path file, Baseline baseline,
      DeploymentConfig.ValidationSettings validation, List<CheckResult> results, PerformanceCheck performance) {
    ReportStore reports = new ReportStore(context.stateDirectory());
    String id = context.release() + "-" + context.config().environment();
    long failed = results.stream().filter(CheckResult::failed).count();
    long warned = results.stream().filter(r -> r.verdict() == CheckResult.Verdict.WARN).count();
    reports.write("validation", id, new ValidationReport(context.release(), context.config().environment(),
        context.project().name(), Instant.now(), failed == 0 ? "passed" : "failed", results.size() - failed - warned,
        warned, failed, file.toString(), baseline.captured(), validation,
        results.stream().map(context.secrets()::scrub).toList()));
    if (performance != null && performance.lastResult() != null) {
      reports.write("performance", id, new PerformanceReport(context.release(), context.config().environment(),
          Instant.now(), performance.lastResult(), baseline.performance(), validation.maxResponseTime(),
          validation.minThroughput(), validation.baselineTolerancePercent(),
          results.stream().filter(r -> r.name().equals(performance.name())).findFirst().orElse(null)));
    }
  }

  /** The JSON validation report: every check of step 8, with the baseline and thresholds it used. */
  public record ValidationReport(String release, String environment, String project, Instant time, String result,
      long passed, long warned, long failed, String baselineFile, Baseline.Captured baseline,
      DeploymentConfig.ValidationSettings thresholds, List<CheckResult> checks) {}

  /** The JSON performance report: the load probe's measurement next to the baseline's and the thresholds. */
  public record PerformanceReport(String release, String environment, Instant time, LoadProbe.Result measured,
      Baseline.Performance baseline, Duration maxResponseTime, double minThroughput, double tolerancePercent,
      CheckResult verdict) {}
}
