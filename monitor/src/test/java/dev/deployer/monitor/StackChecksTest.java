package dev.deployer.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.check.Check;
import dev.deployer.infrastructure.compose.ComposeLoader;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.config.ConfigLoader;
import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.engine.ContainerEngine;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

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
    assertThat(byLevel.get(Levels.APPLICATION)).containsExactlyInAnyOrder("liveness api", "liveness worker", "probe api");
    assertThat(byLevel.get(Levels.DEPENDENCY)).containsExactlyInAnyOrder("dependencies api", "dependencies worker");
    assertThat(byLevel.get(Levels.INFRASTRUCTURE)).containsExactlyInAnyOrder("resources api", "resources worker",
        "resources db", "resources redis", "disk engine data root");
    assertThat(checks).filteredOn(c -> c.level().equals(Levels.INFRASTRUCTURE))
        .allMatch(c -> c.schedule() == MonitoredCheck.Schedule.METRICS);
    assertThat(checks).filteredOn(c -> !c.level().equals(Levels.INFRASTRUCTURE))
        .allMatch(c -> c.schedule() == MonitoredCheck.Schedule.HEALTH);
    assertThat(checks).extracting(MonitoredCheck::name).doesNotHaveDuplicates();
  }

  @Test
  void infrastructureWarnsTheRestIsCritical() throws Exception {
    for (MonitoredCheck check : checks("local")) {
      assertThat(check.severity()).as(check.name())
          .isEqualTo(check.level().equals(Levels.INFRASTRUCTURE) ? Severity.WARNING : Severity.CRITICAL);
    }
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
    assertThat(local.withHealthInterval(java.time.Duration.ofSeconds(1)).reminderInterval()).hasMinutes(1);
  }

  private static List<MonitoredCheck> checks(String environment) throws Exception {
    DeploymentConfig config = config(environment);
    Map<String, String> variables = new HashMap<>(config.composeVariables());
    ComposeProject project = new ComposeLoader(variables).load(config.composeFile(), Set.of());
    ContainerEngine engine = (ContainerEngine) Proxy.newProxyInstance(StackChecksTest.class.getClassLoader(),
        new Class<?>[] {ContainerEngine.class}, (proxy, method, args) -> {
          throw new UnsupportedOperationException(method.getName());
        });
    List<MonitoredCheck> checks = StackChecks.forStack(config, project, engine, "127.0.0.1", new OkHttpClient());
    checks.stream().map(MonitoredCheck::check).map(Check::name).forEach(name -> assertThat(name).isNotBlank());
    return checks;
  }

  private static DeploymentConfig config(String environment) throws Exception {
    return new ConfigLoader(Map.of()).load(ROOT.resolve(ConfigLoader.DEFAULT_FILE), environment);
  }
}
