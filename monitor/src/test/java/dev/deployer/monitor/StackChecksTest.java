package dev.deployer.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.infrastructure.check.Check;
import dev.deployer.infrastructure.check.CheckResult;
import dev.deployer.infrastructure.compose.ComposeLoader;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.config.ConfigLoader;
import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ContainerSettings;
import dev.deployer.infrastructure.engine.ImageConfig;
import dev.deployer.infrastructure.engine.SwarmTaskContainer;
import dev.deployer.infrastructure.stack.StackContainers;
import dev.deployer.infrastructure.swarm.SwarmLabels;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks the monitor builds for the real compose.yaml and deployment_config.yaml. */
class StackChecksTest {

  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  @Test
  void coversFourLevelsForTheSchedulerStack() throws Exception {
    List<MonitoredCheck> checks = checks("staging");

    Map<String, List<String>> byLevel = checks.stream().collect(Collectors.groupingBy(MonitoredCheck::level,
        Collectors.mapping(MonitoredCheck::name, Collectors.toList())));
    assertThat(byLevel.get(Levels.SERVICE)).contains("container api", "container redis", "port api 18000",
        "port redis 16379", "readiness api", "readiness worker");
    assertThat(byLevel.get(Levels.APPLICATION)).containsExactlyInAnyOrder("liveness api", "liveness worker",
        "probe api members page");
    assertThat(byLevel.get(Levels.DEPENDENCY)).containsExactlyInAnyOrder("dependencies api", "dependencies worker");
    assertThat(byLevel.get(Levels.INFRASTRUCTURE)).containsExactlyInAnyOrder("resources api", "resources worker",
        "resources db", "resources redis", "disk engine data root");
    assertThat(checks).filteredOn(c -> c.level().equals(Levels.INFRASTRUCTURE))
        .allMatch(c -> c.schedule() == MonitoredCheck.Schedule.METRICS);
    assertThat(checks).filteredOn(c -> List.of(Levels.SERVICE, Levels.APPLICATION, Levels.DEPENDENCY).contains(c.level()))
        .allMatch(c -> c.schedule() == MonitoredCheck.Schedule.HEALTH);
    assertThat(checks).extracting(MonitoredCheck::name).doesNotHaveDuplicates();
  }

  @Test
  void infrastructureWarnsTheRestIsCritical() throws Exception {
    for (MonitoredCheck check : checks("local")) {
      assertThat(check.severity()).as(check.name())
          .isEqualTo(check.level().equals(Levels.INFRASTRUCTURE) ? Severity.WARNING : Severity.CRITICAL);
      assertThat(check.immediateTrigger()).as(check.name()).isEqualTo(check.level().equals(Levels.SECURITY));
    }
  }

  @Test
  void securityRulesAtTheEnvironmentsLevelRunWithTheMetrics() throws Exception {
    Map<String, List<MonitoredCheck>> security = Map.of("local", security(checks("local")),
        "staging", security(checks("staging")), "production", security(checks("production")));

    assertThat(security.get("local")).extracting(MonitoredCheck::name).containsExactly(
        "security no privileged container", "security no docker socket", "security data stores on loopback");
    assertThat(security.get("staging")).extracting(MonitoredCheck::name).contains("security non-root apps",
        "security no default secrets", "security api token required", "security resource limits")
        .doesNotContain("security images pinned").hasSize(7);
    assertThat(security.get("production")).extracting(MonitoredCheck::name)
        .contains("security only public ports", "security images pinned", "security health details hidden")
        .hasSize(10);
    assertThat(security.values()).allSatisfy(checks -> assertThat(checks)
        .allMatch(c -> c.schedule() == MonitoredCheck.Schedule.METRICS && c.severity() == Severity.CRITICAL));
  }

  @Test
  void settingsComeFromTheEnvironment() throws Exception {
    MonitorSettings production = MonitorSettings.from(config("production"));
    MonitorSettings local = MonitorSettings.from(config("local"));

    assertThat(production.healthInterval()).hasSeconds(60);
    assertThat(production.metricsInterval()).hasSeconds(30);
    assertThat(production.requiresConfirmation()).isTrue();
    assertThat(production.reminderInterval()).hasMinutes(10);
    assertThat(local.healthInterval()).hasSeconds(15);
    assertThat(local.metricsInterval()).hasSeconds(5);
    assertThat(local.failureThreshold()).isEqualTo(5);
    assertThat(local.requiresConfirmation()).isFalse();
    assertThat(local.reminderInterval()).hasSeconds(150);
  }

  @Test
  void commandLineOverridesWinAndTheReminderFollowsTheHealthInterval() throws Exception {
    MonitorSettings settings = MonitorSettings.from(config("local"),
        new MonitorSettings.Overrides(Duration.ofSeconds(1), Duration.ofSeconds(2), 3, null));

    assertThat(settings.healthInterval()).hasSeconds(1);
    assertThat(settings.metricsInterval()).hasSeconds(2);
    assertThat(settings.failureThreshold()).isEqualTo(3);
    assertThat(settings.reminderInterval()).as("ten health intervals, at least a minute").hasMinutes(1);
    assertThat(MonitorSettings.from(config("local"), new MonitorSettings.Overrides(Duration.ofSeconds(30), null, null,
        Duration.ofSeconds(20))).reminderInterval()).hasSeconds(20);
  }

  @Test
  void theConfigMaySetTheReminderInterval(@TempDir Path dir) throws Exception {
    Path file = configWith(dir, "    metrics_interval: 10s\n", "    metrics_interval: 10s\n    reminder_interval: 2m\n");
    DeploymentConfig staging = new ConfigLoader(Map.of()).load(file, "staging");

    assertThat(MonitorSettings.from(staging).reminderInterval()).hasMinutes(2);
    assertThat(MonitorSettings.from(staging, new MonitorSettings.Overrides(null, null, null, Duration.ofSeconds(45)))
        .reminderInterval()).as("the command line wins").hasSeconds(45);
    assertThat(MonitorSettings.from(new ConfigLoader(Map.of()).load(file, "local")).reminderInterval())
        .as("local has none: the default").hasSeconds(150);
  }

  @Test
  void aReminderIntervalOfZeroNamesTheKeyAndLine(@TempDir Path dir) throws Exception {
    Path file = configWith(dir, "    metrics_interval: 5s\n", "    metrics_interval: 5s\n    reminder_interval: 0s\n");

    assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(file, "local"))
        .hasMessageContaining("deployment_config.yaml:")
        .hasMessageContaining("monitoring.reminder_interval").hasMessageContaining("longer than zero");
  }

  /** A Swarm service of 0 replicas runs nothing: no check watches it, the other services keep theirs. */
  @Test
  void aServiceMeantToRunNoTaskIsNotWatched() throws Exception {
    DeploymentConfig config = config("staging");
    ComposeProject project = new ComposeLoader(new HashMap<>(config.composeVariables()))
        .load(config.composeFile(), Set.of());
    StackContainers swarm = SwarmLabels.containers(project.name(), service -> true, service -> Optional.empty(),
        service -> service.equals("worker"));

    List<MonitoredCheck> checks = StackChecks.forStack(config, project, swarm, null, "127.0.0.1", new OkHttpClient());

    assertThat(checks).extracting(MonitoredCheck::name).contains("container api", "resources api")
        .noneMatch(name -> name.contains("worker"));
  }

  @Test
  void servicesWhoseTasksRunOnOtherSwarmNodesAreJudgedByTheirTasksNotFailed() throws Exception {
    DeploymentConfig config = config("staging");
    ComposeProject project = new ComposeLoader(new HashMap<>(config.composeVariables()))
        .load(config.composeFile(), Set.of());
    // The manager's engine runs none of the stack's containers: every task is on a worker.
    ContainerEngine manager = (ContainerEngine) Proxy.newProxyInstance(StackChecksTest.class.getClassLoader(),
        new Class<?>[] {ContainerEngine.class}, (proxy, method, args) -> switch (method.getName()) {
          case "containers" -> List.of();
          case "imageConfig" -> Optional.of(new ImageConfig("sha256:1", "app", List.of(), List.of(), List.of()));
          default -> throw new UnsupportedOperationException(method.getName());
        });
    StackContainers swarm = SwarmLabels.containers(project.name(), service -> false, service -> Optional.of(
        new SwarmTaskContainer("0123456789abcdef", "n2", "worker-1", "c-" + service, "127.0.0.1:5000/app@sha256:ab",
            new ContainerSettings("app", false, List.of(), Map.of(), 1_000_000_000L, 512L << 20, List.of(), List.of()),
            List.of())));
    OkHttpClient http = new OkHttpClient();
    List<MonitoredCheck> checks = new ArrayList<>(StackChecks.forStack(config, project, swarm, manager, "127.0.0.1",
        http));
    checks.addAll(StackChecks.security(config, project, swarm, manager, "127.0.0.1", http, Set.of(), Map::of,
        config.monitoring().metricsInterval(), Clock.systemUTC()));

    Map<String, CheckResult> results = checks.stream().filter(c -> c.name().startsWith("container ")
        || c.name().startsWith("resources ") || c.name().equals("security non-root apps"))
        .collect(Collectors.toMap(MonitoredCheck::name, c -> c.check().run()));

    assertThat(results.get("container api").verdict()).isEqualTo(CheckResult.Verdict.PASS);
    assertThat(results.get("container api").actual())
        .isEqualTo("task 0123456789ab running on node worker-1 (Swarm's task state)");
    assertThat(results).allSatisfy((name, result) -> assertThat(result.failed()).as(name + ": " + result.actual())
        .isFalse());
    assertThat(results.get("resources db").verdict()).isEqualTo(CheckResult.Verdict.WARN);
    assertThat(results.get("resources db").actual()).contains("node worker-1");
    assertThat(results.get("security non-root apps").verdict()).isEqualTo(CheckResult.Verdict.PASS);
  }

  /** The real config with one text replaced, beside a copy of compose.yaml so compose_file resolves. */
  private static Path configWith(Path dir, String from, String to) throws Exception {
    String text = Files.readString(ROOT.resolve(ConfigLoader.DEFAULT_FILE));
    assertThat(text).contains(from);
    Path file = dir.resolve(ConfigLoader.DEFAULT_FILE);
    Files.createDirectories(file.getParent());
    Files.copy(ROOT.resolve("compose.yaml"), dir.resolve("compose.yaml"));
    Files.writeString(file, text.replaceFirst(Pattern.quote(from), Matcher.quoteReplacement(to)));
    return file;
  }

  private static List<MonitoredCheck> security(List<MonitoredCheck> checks) {
    return checks.stream().filter(c -> c.level().equals(Levels.SECURITY)).toList();
  }

  private static List<MonitoredCheck> checks(String environment) throws Exception {
    DeploymentConfig config = config(environment);
    Map<String, String> variables = new HashMap<>(config.composeVariables());
    ComposeProject project = new ComposeLoader(variables).load(config.composeFile(), Set.of());
    ContainerEngine engine = (ContainerEngine) Proxy.newProxyInstance(StackChecksTest.class.getClassLoader(),
        new Class<?>[] {ContainerEngine.class}, (proxy, method, args) -> {
          throw new UnsupportedOperationException(method.getName());
        });
    OkHttpClient http = new OkHttpClient();
    List<MonitoredCheck> checks = new ArrayList<>(StackChecks.forStack(config, project, engine, "127.0.0.1", http));
    checks.addAll(StackChecks.security(config, project, StackContainers.compose(project.name()), engine, "127.0.0.1",
        http, Set.of(), Map::of, config.monitoring().metricsInterval(), Clock.systemUTC()));
    checks.stream().map(MonitoredCheck::check).map(Check::name).forEach(name -> assertThat(name).isNotBlank());
    return checks;
  }

  private static DeploymentConfig config(String environment) throws Exception {
    return new ConfigLoader(Map.of()).load(ROOT.resolve(ConfigLoader.DEFAULT_FILE), environment);
  }
}
