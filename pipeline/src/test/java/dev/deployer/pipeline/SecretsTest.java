package dev.deployer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.check.CheckResult;
import dev.deployer.infrastructure.compose.ComposeLoader;
import dev.deployer.infrastructure.config.ConfigLoader;
import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.event.DeployEvent;
import dev.deployer.infrastructure.report.JUnitXmlWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One set of secrets scrubs the console, the step records, the checks and the report. */
class SecretsTest {

  static final String FROM_PROCESS = "ghp-process-secret-1";
  static final String FROM_CONFIG = "staging-token-change-me";
  static final String FROM_SERVICE = "hunter2-service-3";

  @TempDir
  Path work;

  @Test
  void keepsOnlyValuesOfSecretNamesAndMasksTheLongestFirst() {
    Secrets secrets = Secrets.of(Map.of("DB_PASSWORD", "abcd", "HOME", "/root"), Map.of("API_KEY", "abcdef",
        "OTHER_TOKEN", "abc"));

    assertThat(secrets.scrub("x abcdef y abcd /root abc")).isEqualTo("x ******** y ******** /root abc");
    assertThat(secrets.redact(Map.of("DB_PASSWORD", "abcd", "URL", "postgres://u:abcd@db")))
        .containsEntry("DB_PASSWORD", "********").containsEntry("URL", "postgres://u:********@db");
  }

  @Test
  void aStackTraceIsMaskedInEveryCauseItPrints() {
    Secrets secrets = Secrets.of(Map.of("DB_PASSWORD", "hunter2-long"));
    IllegalStateException failure = new IllegalStateException("dump failed",
        new java.io.IOException("pg_dump: password hunter2-long rejected"));

    String trace = secrets.stackTrace(failure);

    assertThat(trace).contains("IllegalStateException: dump failed", "Caused by: java.io.IOException: pg_dump: password "
        + "********", "\tat ").doesNotContain("hunter2-long");
    assertThat(secrets.stackTrace(null)).isNull();
  }

  @Test
  void aSecretInAConsoleLineAStepMessageACheckAndTheReportIsMasked() throws Exception {
    Path compose = Files.writeString(work.resolve("compose.yaml"), """
        name: demo
        services:
          db:
            image: postgres:16
            environment:
              POSTGRES_PASSWORD: %s
        """.formatted(FROM_SERVICE));
    // The repository's staging config defaults SCHEDULER_API_TOKEN to staging-token-change-me.
    Path repositoryConfig = Path.of("").toAbsolutePath().getParent().resolve("infrastructure/config/deployment_config.yaml");
    DeploymentConfig config = new ConfigLoader(Map.of()).load(repositoryConfig, "staging");
    assertThat(config.composeVariables()).containsEntry("SCHEDULER_API_TOKEN", FROM_CONFIG);
    Step load = new Step() {
      @Override
      public String name() {
        return "load";
      }

      @Override
      public void run(DeployContext context) throws PipelineException {
        try {
          context.loaded(config, new ComposeLoader(Map.of()).load(compose, Set.of()));
        } catch (Exception e) {
          throw new PipelineException(PipelineException.Kind.BAD_CONFIG, e.getMessage(), e);
        }
      }
    };
    String all = FROM_PROCESS + " " + FROM_CONFIG + " " + FROM_SERVICE;
    Step leaky = new Step() {
      @Override
      public String name() {
        return "leaky";
      }

      @Override
      public void run(DeployContext context) throws PipelineException {
        context.events().progress(name(), "progress " + all);
        context.events().warning(name(), "warning " + all);
        CheckResult check = new CheckResult("db env", "pre-deployment", CheckResult.Verdict.FAIL, "no secrets",
            "found " + all, Duration.ZERO, Instant.now());
        context.checks().add(check);
        throw new PipelineException(PipelineException.Kind.DEPLOY_FAILED, "step failed: " + all, List.of(check),
            List.of("log line " + all), null);
      }
    };
    List<DeployEvent> console = new CopyOnWriteArrayList<>();
    DeployRequest request = new DeployRequest("staging", compose, work, Map.of("GITHUB_TOKEN", FROM_PROCESS), null);

    DeploymentOutcome outcome = new DeploymentService(console::add, settings -> {
      throw new AssertionError("no engine in this test");
    }).run("deploy", List.of(load, leaky), request);

    assertThat(outcome.succeeded()).isFalse();
    assertThat(console).extracting(DeployEvent::message).filteredOn(m -> m != null && m.contains("progress"))
        .singleElement().asString().contains("********").doesNotContain(FROM_PROCESS, FROM_CONFIG, FROM_SERVICE);
    assertThat(console).extracting(DeployEvent::message).noneMatch(m -> m != null
        && (m.contains(FROM_PROCESS) || m.contains(FROM_CONFIG) || m.contains(FROM_SERVICE)));
    DeploymentReport report = outcome.report();
    assertThat(report.steps()).filteredOn(s -> s.name().equals("leaky")).singleElement()
        .satisfies(s -> assertThat(s.message()).contains("step failed: ********"));
    assertThat(report.checks()).singleElement().satisfies(c -> assertThat(c.actual()).isEqualTo(
        "found ******** ******** ********"));
    assertThat(report.variables()).containsEntry("SCHEDULER_API_TOKEN", "********");
    String json = Files.readString(outcome.reportFile());
    assertThat(json).contains("********").doesNotContain(FROM_PROCESS, FROM_CONFIG, FROM_SERVICE);
    Path junit = work.resolve("junit.xml");
    JUnitXmlWriter.write(junit, "deployer", report.checks(), List.of());
    assertThat(Files.readString(junit)).contains("********").doesNotContain(FROM_PROCESS, FROM_CONFIG, FROM_SERVICE);
  }
}
