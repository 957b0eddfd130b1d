package dev.deployer.cli;

import dev.deployer.pipeline.Pipelines;
import java.nio.file.Path;
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

    @Option(names = "--probe-seconds", paramLabel = "SECONDS", description = "Longest the load probe may run (default 5).")
    Integer probeSeconds;

    @Option(names = "--max-response-time", paramLabel = "MILLIS",
        description = "Slowest load-probe p95 a baseline may have, in ms (overrides the config).")
    Long maxResponseTimeMillis;

    @Option(names = "--min-throughput", paramLabel = "REQ_PER_S",
        description = "Lowest load-probe throughput a baseline may have (overrides the config).")
    Double minThroughput;

    @Override
    public Integer call() {
      ThresholdOptions limits = new ThresholdOptions();
      limits.probeSeconds = probeSeconds;
      limits.maxResponseTimeMillis = maxResponseTimeMillis;
      limits.minThroughput = minThroughput;
      return PipelineRunner.run(spec, limits.apply(stack.request(System.getenv())), output, "baseline-capture",
          Pipelines.captureBaseline(file == null ? null : file.toAbsolutePath().normalize()));
    }
  }
}
