package dev.deployer.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.deployer.infrastructure.engine.EngineEvent;
import dev.deployer.infrastructure.event.EventSink;
import dev.deployer.rollback.RollbackRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorServiceTest {

  @TempDir
  Path state;

  private final ScriptedCheck readiness = new ScriptedCheck("readiness api", Levels.SERVICE);
  private final ScriptedCheck container = new ScriptedCheck("container redis", Levels.SERVICE);
  private final ScriptedCheck cpu = new ScriptedCheck("resources api", Levels.INFRASTRUCTURE);
  private final CapturingChannel channel = new CapturingChannel();
  private final List<RollbackRequest> requests = new CopyOnWriteArrayList<>();
  private final List<Consumer<EngineEvent>> listeners = new CopyOnWriteArrayList<>();
  private MonitorService service;

  @AfterEach
  void stop() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void runsHealthAndMetricChecksOnTheirOwnIntervals() {
    service = service(settings(), recording());
    service.start();

    await().atMost(Duration.ofSeconds(5)).until(() -> readiness.runs.get() >= 10);
    assertThat(cpu.runs.get()).isBetween(1, 4);
    assertThat(service.healthy()).isTrue();
  }

  @Test
  void requestsOneRollbackAtTheThresholdAndResolvesOnRecovery() {
    service = service(settings(), recording());
    readiness.failing.set(true);
    service.start();

    await().atMost(Duration.ofSeconds(5)).until(() -> readiness.runs.get() >= 15);
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).trigger()).isEqualTo("readiness api");
    assertThat(requests.get(0).reason()).contains("failed 5 consecutive times");
    assertThat(channel.count(Alert.Kind.FIRING, "readiness api")).isEqualTo(1);
    assertThat(service.rollbacksRequested()).isEqualTo(1);
    await().atMost(Duration.ofSeconds(5)).until(() -> service.rollbackRecords().size() == 1);
    assertThat(service.rollbackRecords().get(0).status()).isEqualTo("recorded");

    readiness.failing.set(false);
    await().atMost(Duration.ofSeconds(5)).until(() -> channel.count(Alert.Kind.RESOLVED, "readiness api") == 1);
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> service.healthy());
    assertThat(channel.count(Alert.Kind.RESOLVED, "readiness api")).isEqualTo(1);
    assertThat(requests).hasSize(1);
  }

  @Test
  void whereConfirmationIsRequiredTheRequestIsPending() throws Exception {
    RecordingRollbackRequester recorder = RecordingRollbackRequester.inStateDirectory(state);
    service = service(settings().withRequiresConfirmation(true), recorder);
    readiness.failing.set(true);
    service.start();

    await().atMost(Duration.ofSeconds(5)).until(() -> service.rollbackRecords().size() == 1);
    HealthReport.RollbackRecord record = service.rollbackRecords().get(0);
    assertThat(record.status()).isEqualTo("pending_approval");
    assertThat(record.detail()).contains("deployer rollback --env test --approve " + record.request().id());
    Path file = state.resolve("monitor/rollback-requests").resolve(record.request().id() + ".json");
    assertThat(Files.readString(file)).contains("\"status\" : \"pending\"").contains("\"requiresConfirmation\" : true");
  }

  @Test
  void aContainerDeathFromTheEventStreamAlertsAtOnce() {
    service = service(settings().withHealthInterval(Duration.ofHours(1)), recording());
    service.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> container.runs.get() == 1 && !listeners.isEmpty());

    Instant killed = Instant.now();
    listeners.get(0).accept(new EngineEvent(killed, "abc", "die",
        Map.of("com.docker.compose.service", "redis", "exitCode", "137")));

    Alert alert = channel.alerts.stream().filter(a -> a.kind() == Alert.Kind.FIRING).findFirst().orElseThrow();
    assertThat(alert.source()).isEqualTo("container redis");
    assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(alert.message()).contains("exit code 137").contains("engine event");
    assertThat(Duration.between(killed, alert.time())).isLessThan(Duration.ofSeconds(1));
    await().atMost(Duration.ofSeconds(5)).until(() -> container.runs.get() >= 2);
    assertThat(service.report("r").events()).extracting(HealthReport.ContainerEvent::action).containsExactly("die");
  }

  @Test
  void aContainerThatKeepsDyingIsAnImmediateTrigger() {
    service = service(settings().withHealthInterval(Duration.ofHours(1)), recording());
    service.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> !listeners.isEmpty());

    for (int i = 0; i < 3; i++) {
      listeners.get(0).accept(new EngineEvent(Instant.now(), "abc", "die",
          Map.of("com.docker.compose.service", "redis", "exitCode", "70")));
    }

    await().atMost(Duration.ofSeconds(5)).until(() -> requests.size() == 1);
    assertThat(requests.get(0).reason()).contains("redis died 3 times");
  }

  @Test
  void fiveRoundsOfAWarningLevelFailureRaiseNoRollbackRequest() {
    service = service(settings(), recording());
    cpu.failing.set(true);

    for (int i = 0; i < 5; i++) {
      service.runOnce();
    }

    assertThat(service.rollbacksRequested()).isZero();
    assertThat(service.report("r").checks()).filteredOn(c -> c.name().equals("resources api"))
        .extracting(HealthReport.CheckSummary::consecutiveFailures).containsExactly(5);
    Alert alert = channel.alerts.stream().filter(a -> a.source().equals("resources api")).findFirst().orElseThrow();
    assertThat(alert.kind()).isEqualTo(Alert.Kind.FIRING);
    assertThat(alert.severity()).isEqualTo(Severity.WARNING);
    assertThat(channel.alerts).noneMatch(a -> a.kind() == Alert.Kind.ROLLBACK);
  }

  @Test
  void fiveRoundsOfACriticalFailureRaiseExactlyOneRollbackRequest() {
    service = service(settings(), recording());
    cpu.failing.set(true);
    readiness.failing.set(true);

    for (int i = 0; i < 4; i++) {
      service.runOnce();
    }
    assertThat(service.rollbacksRequested()).isZero();
    service.runOnce();
    assertThat(service.rollbacksRequested()).isEqualTo(1);
    for (int i = 0; i < 5; i++) {
      service.runOnce();
    }

    assertThat(service.rollbacksRequested()).isEqualTo(1);
    await().atMost(Duration.ofSeconds(5)).until(() -> requests.size() == 1);
    assertThat(requests.get(0).trigger()).isEqualTo("readiness api");
    assertThat(channel.alerts).filteredOn(a -> a.source().equals("readiness api") && a.kind() == Alert.Kind.FIRING)
        .extracting(Alert::severity).containsExactly(Severity.CRITICAL);
  }

  @Test
  void whileARollbackIsBeingCarriedOutItsOwnRestartsRaiseNoSecondRequest() {
    java.util.concurrent.CountDownLatch rollbackDone = new java.util.concurrent.CountDownLatch(1);
    service = service(settings(), request -> {
      requests.add(request);
      try {
        rollbackDone.await(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new RollbackRequester.Decision(RollbackRequester.Status.EXECUTED, "rolled back");
    });
    readiness.failing.set(true);
    for (int i = 0; i < 5; i++) {
      service.runOnce();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> requests.size() == 1);
    // The rollback replaces the services: the api passes again while another check fails for a while.
    readiness.failing.set(false);
    service.runOnce();
    container.failing.set(true);
    for (int i = 0; i < 5; i++) {
      service.runOnce();
    }

    assertThat(service.rollbacksRequested()).isEqualTo(1);
    assertThat(channel.alerts).anySatisfy(alert ->
        assertThat(alert.message()).startsWith("not requesting another rollback while one is being decided"));
    rollbackDone.countDown();
    await().atMost(Duration.ofSeconds(5)).until(() -> service.rollbackRecords().size() == 1);
    assertThat(requests).hasSize(1);
  }

  @Test
  void aSecurityViolationIsAnImmediateTriggerOncePerIncident() {
    ScriptedCheck rule = new ScriptedCheck("security no privileged container", Levels.SECURITY);
    service = service(settings(), recording(), MonitoredCheck.health(readiness), MonitoredCheck.metrics(rule));
    rule.failing.set(true);

    service.runOnce();
    assertThat(service.rollbacksRequested()).as("at the first violation, not the fifth").isEqualTo(1);
    for (int i = 0; i < 6; i++) {
      service.runOnce();
    }

    assertThat(service.rollbacksRequested()).isEqualTo(1);
    await().atMost(Duration.ofSeconds(5)).until(() -> requests.size() == 1);
    assertThat(requests.get(0).trigger()).isEqualTo("security no privileged container");
    assertThat(requests.get(0).reason()).contains("violated");
    assertThat(channel.alerts).filteredOn(a -> a.source().equals("security no privileged container"))
        .extracting(Alert::kind, Alert::severity)
        .contains(org.assertj.core.groups.Tuple.tuple(Alert.Kind.FIRING, Severity.CRITICAL),
            org.assertj.core.groups.Tuple.tuple(Alert.Kind.ROLLBACK, Severity.CRITICAL));

    rule.failing.set(false);
    service.runOnce();
    rule.failing.set(true);
    service.runOnce();
    assertThat(service.rollbacksRequested()).as("a new incident after full recovery").isEqualTo(2);
  }

  @Test
  void anOomKillFromTheEventStreamIsACriticalAlert() {
    assertCriticalFromEvent("oom", "out of memory");
  }

  @Test
  void anUnhealthyStatusFromTheEventStreamIsACriticalAlert() {
    assertCriticalFromEvent("health_status: unhealthy", "health status unhealthy");
  }

  private void assertCriticalFromEvent(String action, String message) {
    service = service(settings().withHealthInterval(Duration.ofHours(1)), recording());
    service.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> container.runs.get() == 1 && !listeners.isEmpty());

    listeners.get(0).accept(new EngineEvent(Instant.now(), "abc", action, Map.of("com.docker.compose.service", "redis")));

    Alert alert = channel.alerts.stream().filter(a -> a.kind() == Alert.Kind.FIRING).findFirst().orElseThrow();
    assertThat(alert.source()).isEqualTo("container redis");
    assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(alert.message()).contains(message).contains("engine event");
    assertThat(service.report("r").checks()).filteredOn(c -> c.name().equals("container redis"))
        .extracting(HealthReport.CheckSummary::consecutiveFailures).containsExactly(1);
  }

  @Test
  void theReportHoldsBoundedSamplesAndEverySummary() {
    MonitorSettings small = new MonitorSettings("test", "p", Duration.ofMillis(20), Duration.ofMillis(20), 5, false,
        Duration.ofMinutes(1), Duration.ofSeconds(5), 8, 3, Duration.ofMinutes(2));
    service = service(small, recording());
    service.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> readiness.runs.get() >= 30);

    HealthReport report = service.report("r1");

    assertThat(report.samples().get("readiness api")).hasSize(8);
    assertThat(report.checks()).extracting(HealthReport.CheckSummary::name)
        .containsExactly("readiness api", "container redis", "resources api");
    assertThat(report.status()).isEqualTo(HealthReport.HEALTHY);
  }

  @Test
  void runOnceRunsEveryCheckOnce() {
    service = service(settings(), recording());

    service.runOnce();

    assertThat(List.of(readiness.runs.get(), container.runs.get(), cpu.runs.get())).containsOnly(1);
    assertThat(service.healthy()).isTrue();
  }

  private MonitorSettings settings() {
    return new MonitorSettings("test", "scheduler-test", Duration.ofMillis(50), Duration.ofMillis(500), 5, false,
        Duration.ofMinutes(1), Duration.ofSeconds(5), 100, 3, Duration.ofMinutes(2));
  }

  private RollbackRequester recording() {
    return request -> {
      requests.add(request);
      return new RollbackRequester.Decision(RollbackRequester.Status.RECORDED, "test");
    };
  }

  private MonitorService service(MonitorSettings settings, RollbackRequester requester) {
    return service(settings, requester, MonitoredCheck.health(readiness), MonitoredCheck.health(container),
        MonitoredCheck.metrics(cpu));
  }

  private MonitorService service(MonitorSettings settings, RollbackRequester requester, MonitoredCheck... checks) {
    EventSource events = (listener, onError) -> {
      listeners.add(listener);
      return () -> {};
    };
    return new MonitorService(settings, List.of(checks), events, List.of(channel), requester,
        new MonitorMetrics(new SimpleMeterRegistry()), EventSink.NONE, Clock.systemUTC());
  }
}
