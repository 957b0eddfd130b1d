package dev.deployer.pipeline;

import dev.deployer.infrastructure.check.CheckResult;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.compose.ValueDigestKey;
import dev.deployer.infrastructure.stack.ServiceEndpoint;
import dev.deployer.infrastructure.stack.StackContainers;
import java.util.Optional;
import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.event.EventSink;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/** What the steps of one run share: the loaded stack, the engine, and what each step found. */
public final class DeployContext {

  private static final DateTimeFormatter RELEASE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final DeployRequest request;
  private final EventSink events;
  private final Function<DeploymentConfig.DockerSettings, ContainerEngine> engines;
  private final String release;
  private final Instant started = Instant.now();
  private final Map<String, String> images = new ConcurrentHashMap<>();
  private final Map<String, String> imageIds = new ConcurrentHashMap<>();
  private final Map<String, String> serviceActions = new ConcurrentHashMap<>();
  private final List<CheckResult> checks = Collections.synchronizedList(new ArrayList<>());
  private final java.util.Deque<Finisher> finishers = new java.util.ArrayDeque<>();
  private final java.util.Deque<Finisher> outcomes = new java.util.ArrayDeque<>();
  private final List<Pipeline.StepRecord> stepRecords = new java.util.ArrayList<>();
  private LoadedStack stack;
  private ContainerEngine engine;
  private final ValueDigestKey valueDigestKey;
  private volatile Secrets secrets;

  public DeployContext(DeployRequest request, EventSink events,
      Function<DeploymentConfig.DockerSettings, ContainerEngine> engines) {
    this(request, events, engines,
        RELEASE_TIME.format(Instant.now()) + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000)));
  }

  /** A run that acts for an existing release, such as a rollback restoring it. */
  public DeployContext(DeployRequest request, EventSink events,
      Function<DeploymentConfig.DockerSettings, ContainerEngine> engines, String release) {
    this.request = request;
    // Steps, finishers and the rollback they may start all speak through this: no secret reaches the console.
    this.events = Secrets.scrubbing(events, this::secrets);
    this.engines = engines;
    this.release = release;
    this.valueDigestKey = ValueDigestKey.in(request.stateDirectory());
  }

  /**
   * Runs once when the run ends, newest first: releases what a step took (the lock), records the
   * outcome (the ledger), and may replace the failure, as an automatic rollback does.
   * {@code interrupted} means the JVM is going down (a signal): clean up quickly, start nothing.
   */
  @FunctionalInterface
  public interface Finisher {
    PipelineException finish(PipelineException failure, boolean interrupted);
  }

  Pipeline.StepRecord recordStep(Pipeline.StepRecord record) {
    synchronized (stepRecords) {
      stepRecords.add(record);
    }
    return record;
  }

  /** The steps finished so far, in order. */
  List<Pipeline.StepRecord> stepRecords() {
    synchronized (stepRecords) {
      return List.copyOf(stepRecords);
    }
  }

  public void onFinish(Finisher finisher) {
    synchronized (finishers) {
      finishers.push(finisher);
    }
  }

  /**
   * Records the run's outcome (the ledger) when it ends, before a failed run's {@link Flow.OnFailure}
   * and before the finishers let go of what the run holds.
   */
  public void onOutcome(Finisher recorder) {
    synchronized (outcomes) {
      outcomes.push(recorder);
    }
  }

  /** Runs the outcome recorders not run yet, newest first. */
  PipelineException recordOutcome(PipelineException failure, boolean interrupted) {
    return drain(outcomes, failure, interrupted);
  }

  /** Runs the finishers not run yet; each runs once even if a signal arrives meanwhile. */
  PipelineException finish(PipelineException failure, boolean interrupted) {
    return drain(finishers, failure, interrupted);
  }

  private PipelineException drain(java.util.Deque<Finisher> queue, PipelineException failure, boolean interrupted) {
    PipelineException result = failure;
    while (true) {
      Finisher next;
      synchronized (queue) {
        next = queue.poll();
      }
      if (next == null) {
        return result;
      }
      try {
        result = next.finish(result, interrupted);
      } catch (RuntimeException e) {
        events.warning("finish", "cleaning up failed: " + e.getMessage());
      }
    }
  }

  Function<DeploymentConfig.DockerSettings, ContainerEngine> engines() {
    return engines;
  }

  public DeployRequest request() {
    return request;
  }

  public EventSink events() {
    return events;
  }

  public String release() {
    return release;
  }

  public Instant started() {
    return started;
  }

  /** Loads the request's environment for a command that runs no pipeline (status, monitor). */
  public LoadedStack load() throws PipelineException {
    loaded(StackLoader.load(request));
    return stack;
  }

  /** A bare compose file's stack, on the compose target. */
  void loaded(DeploymentConfig config, ComposeProject project) {
    loaded(StackLoader.composeFile(config, project));
  }

  void loaded(LoadedStack loaded) {
    this.stack = loaded;
    this.secrets = null;
  }

  /** The environment as loaded: config, project, target. */
  public LoadedStack stack() {
    return Objects.requireNonNull(stack, "the stack is not loaded yet");
  }

  /** How this run finds the stack's containers on its target (see {@link DeployTarget#containers}). */
  public StackContainers containers() {
    return target().containers(stack(), engine());
  }

  /** Where a client reaches the service's first published port on this run's target. */
  public Optional<ServiceEndpoint> endpoint(ComposeService service) {
    return stack().endpoint(service, containers());
  }

  /** The service's health URL on this run's target, if it has a health path and a published port. */
  public Optional<String> healthUrl(ComposeService service) {
    return stack().healthUrl(service, containers());
  }

  /** Where the loaded stack runs. */
  public DeployTarget target() {
    return stack().target();
  }

  /** The run's secrets: the process environment's until the stack is loaded, then all of them. */
  public Secrets secrets() {
    Secrets known = secrets;
    if (known != null) {
      return known;
    }
    Secrets built = Secrets.of(this);
    if (isLoaded()) {
      secrets = built;
    }
    return built;
  }

  public DeploymentConfig config() {
    return stack().config();
  }

  public ComposeProject project() {
    return stack().project();
  }

  public boolean isLoaded() {
    return stack != null;
  }

  /** The engine of the environment, connected on first use. */
  public synchronized ContainerEngine engine() {
    if (engine == null) {
      engine = engines.apply(config().docker());
    }
    return engine;
  }

  public synchronized void closeEngine() {
    if (engine != null) {
      engine.close();
      engine = null;
    }
  }

  /** How long a service may take to meet its condition: the command line's override, else the config's. */
  public java.time.Duration waitTimeout() {
    return request.waitTimeoutOverride() != null ? request.waitTimeoutOverride() : config().waitTimeout();
  }

  /** The host on which published ports are reached: loopback for a local engine, else the engine's host. */
  public String publishedHost() {
    return stack().publishedHost();
  }

  public Path stateDirectory() {
    return request.stateDirectory();
  }

  /** The key of the digests of secret and config values in config hashes: the state directory's. */
  public ValueDigestKey valueDigestKey() {
    return valueDigestKey;
  }

  /** The image reference each service runs, and its id, set by the build step. */
  public Map<String, String> images() {
    return images;
  }

  public Map<String, String> imageIds() {
    return imageIds;
  }

  /** What the deploy did to each service: created, recreated, unchanged, started. */
  /**
   * Whether the start step left every service as it ran or switched it back to a warm container of
   * the release (blue/green): nothing was created, started or restarted.
   */
  public boolean onlySwitchedBack() {
    return !serviceActions.isEmpty() && serviceActions.values().stream()
        .allMatch(action -> action.equals(ServiceRollout.WARM) || action.equals(ServiceRollout.UNCHANGED));
  }

  public Map<String, String> serviceActions() {
    return serviceActions;
  }

  public List<CheckResult> checks() {
    return checks;
  }
}
