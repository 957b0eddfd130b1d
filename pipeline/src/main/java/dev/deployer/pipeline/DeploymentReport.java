package dev.deployer.pipeline;

import dev.deployer.infrastructure.check.CheckResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON deployment report: what ran, what it did to each service, and every check. */
public record DeploymentReport(
    String release,
    String command,
    String environment,
    String project,
    Instant started,
    Instant finished,
    Duration duration,
    String result,
    String failure,
    List<String> failureDetails,
    List<Pipeline.StepRecord> steps,
    Map<String, ServiceReport> services,
    List<CheckResult> checks,
    Map<String, String> variables) {

  public record ServiceReport(String image, String imageId, String action) {}
}
