package dev.deployer.cli;

import dev.deployer.pipeline.Pipelines;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "baseline", mixinStandardHelpOptions = true,
    description = "Record the known-good state of a running stack that other environments are verified against.",
    subcommands = {BaselineCommand.Capture.class})
final class BaselineCommand extends CommandGroup {


  @Command(name = "capture", mixinStandardHelpOptions = true,
      description = "Wait until the environment's running stack is healthy and write its "
          + "baseline: services, image configuration, ports, health answers, resources, security settings and a "
          + "load probe's latency and throughput. A stack outside the thresholds is not captured.")
  static final class Capture implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptions stack;

    @Mixin
    OutputOptions output;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
        description = "Where to write it. Default: infrastructure/baseline/local.yaml next to compose.yaml.")
    Path file;

    @Option(names = "--probe-seconds", paramLabel = "DURATION", converter = Durations.Seconds.class,
        description = "Longest the load probe may run, e.g. 10s; a bare number is seconds (default 5s).")
    Duration probeTime;

    @Option(names = "--max-response-time", paramLabel = "DURATION", converter = Durations.Millis.class,
        description = "Slowest load-probe p95 a baseline may have, e.g. 800ms; a bare number is milliseconds"
            + " (overrides the config).")
    Duration maxResponseTime;

    @Option(names = "--min-throughput", paramLabel = "REQ_PER_S",
        description = "Lowest load-probe throughput a baseline may have (overrides the config).")
    Double minThroughput;

    @Override
    public Integer call() {
      ThresholdOptions limits = new ThresholdOptions();
      limits.probeTime = probeTime;
      limits.maxResponseTime = maxResponseTime;
      limits.minThroughput = minThroughput;
      return PipelineRunner.run(spec, limits.apply(stack.request(System.getenv())), output, "baseline-capture",
          Pipelines.captureBaseline(file == null ? null : file.toAbsolutePath().normalize()));
    }
  }
}
