package dev.deployer.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.compose.ComposeLoader;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.compose.ServiceOptions;
import dev.deployer.infrastructure.compose.ValueDigestKey;
import dev.deployer.infrastructure.config.ConfigLoader;
import dev.deployer.infrastructure.config.DeploymentConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The secret and config values a release snapshot keeps, and what a rollback gets back of them. */
class ReleaseSnapshotValuesTest {

  static final ValueDigestKey KEY =
      ValueDigestKey.of("a test key of thirty-two bytes!!".getBytes(StandardCharsets.UTF_8));
  static final Map<String, String> DEPLOY_ENV = Map.of("PATH", "/usr/bin", "APP_PIN", "1234", "APP_LEVEL", "3");

  @TempDir
  Path work;

  Path repo;
  Path config;
  Path release;
  ReleaseSnapshot snapshot;

  @BeforeEach
  void repository() throws Exception {
    repo = work.resolve("repo");
    Files.createDirectories(repo.resolve("deploy"));
    Files.writeString(repo.resolve("compose.yaml"), """
        services:
          app:
            image: alpine:3.17
            environment:
              PIN_ALSO: ${APP_PIN}
              DB: ${DB_PASSWORD:-none}
              GREETING: ${APP_GREETING:-none}
            secrets: [token, pin]
            configs:
              - source: settings
                target: /etc/app.conf
              - level
        secrets:
          token:
            file: ./secrets/token.txt
          pin:
            environment: APP_PIN
        configs:
          settings:
            file: ../shared/app.conf
          level:
            environment: APP_LEVEL
        """);
    Files.createDirectories(repo.resolve("secrets"));
    Files.writeString(repo.resolve("secrets/token.txt"), "one");
    Files.setPosixFilePermissions(repo.resolve("secrets/token.txt"), PosixFilePermissions.fromString("rw-r-----"));
    Files.createDirectories(work.resolve("shared"));
    Files.writeString(work.resolve("shared/app.conf"), "mode=one");
    config = repo.resolve("deploy/deployment_config.yaml");
    Files.writeString(config, """
        base:
          project: values
          compose_file: ../compose.yaml
          app_profile: local
          docker: {host: "unix:///var/run/docker.sock", tls_verify: false, cert_path: ""}
          ports: {}
          variables: {}
          wait: {timeout: 60s}
          rollback: {failure_threshold: 5, requires_confirmation: false, keep_releases: 5}
          validation:
            security_level: basic
            max_response_time: 15s
            min_throughput: 0.1
            max_cpu_percent: 100
            max_memory_percent: 100
            max_disk_percent: 100
            baseline_tolerance_percent: 1000
          monitoring: {health_check_interval: 15s, metrics_interval: 5s}
          alerts: {webhooks: {critical: "", warning: "", info: ""}}
          reports: {retention: {deployment: 30d, health: 7d, performance: 30d, validation: 30d, rollback: 90d}}
        local: {}
        """);
    release = work.resolve("state/releases/r1");
    snapshot = new ReleaseSnapshot(release);
  }

  ComposeProject deployed(Map<String, String> environment) throws Exception {
    DeploymentConfig loaded = new ConfigLoader(environment).load(config, "local");
    Map<String, String> variables = new HashMap<>(environment);
    variables.putAll(loaded.composeVariables());
    return loaded.deployed(new ComposeLoader(variables).load(loaded.composeFile(), Set.of(), loaded.project()));
  }

  @Test
  void aRollbackMountsTheFilesTheReleaseWasDeployedWithNotTodays() throws Exception {
    ComposeProject original = deployed(DEPLOY_ENV);
    String hash = original.service("app").configHash(KEY);
    snapshot.save(config, repo.resolve("compose.yaml"), DEPLOY_ENV, original, KEY);

    Files.writeString(repo.resolve("secrets/token.txt"), "two");
    Files.writeString(work.resolve("shared/app.conf"), "mode=two");
    ReleaseSnapshot.Loaded loaded = snapshot.load("local", DEPLOY_ENV, KEY);

    ServiceOptions options = loaded.project().service("app").options();
    Path token = options.secrets().get(0).file();
    Path settings = options.configs().get(0).file();
    assertThat(token).startsWith(release.toAbsolutePath());
    assertThat(Files.readString(token)).isEqualTo("one");
    assertThat(settings).as("a file outside the copied tree too").startsWith(release.toAbsolutePath());
    assertThat(Files.readString(settings)).isEqualTo("mode=one");
    assertThat(loaded.project().service("app").configHash(KEY)).as("the release's containers are its own")
        .isEqualTo(hash).isNotEqualTo(deployed(DEPLOY_ENV).service("app").configHash(KEY));
    assertThat(loaded.project().secrets().get("token").file()).isEqualTo(token);
    assertThat(loaded.valueNotes()).contains("secret token: the file as the release had it (its copy in the release)",
        "config settings: the file as the release had it (its copy in the release)");
  }

  @Test
  void theReleasesContainersMountItsCopiesWithTheSameConfigHash() throws Exception {
    ComposeProject original = deployed(DEPLOY_ENV);
    snapshot.save(config, repo.resolve("compose.yaml"), DEPLOY_ENV, original, KEY);

    ComposeProject kept = snapshot.withKeptFiles(original);

    ServiceOptions options = kept.service("app").options();
    assertThat(options.secrets().get(0).file()).isEqualTo(release.toAbsolutePath().resolve("values/secrets.token"));
    assertThat(options.configs().get(0).file()).isEqualTo(release.toAbsolutePath().resolve("values/configs.settings"));
    assertThat(options.secrets().get(1)).as("from the environment").isEqualTo(
        original.service("app").options().secrets().get(1));
    assertThat(kept.service("app").configHash(KEY)).isEqualTo(original.service("app").configHash(KEY));
  }

  @Test
  void theCopiesAreTheOwnersAloneAndTheirValuesAreNotInTheSnapshotFile() throws Exception {
    snapshot.save(config, repo.resolve("compose.yaml"), DEPLOY_ENV, deployed(DEPLOY_ENV), KEY);

    Path values = release.resolve(ReleaseValues.DIRECTORY);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(values))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(values.resolve("secrets.token"))))
        .as("the file's own mode: what a container's user may read of the mount").isEqualTo("rw-r-----");
    String meta = Files.readString(release.resolve("snapshot.json"));
    assertThat(meta).doesNotContain("\"one\"").doesNotContain("1234").contains("\"APP_LEVEL\" : \"3\"");
    assertThat(JsonFiles.read(release.resolve("snapshot.json"), ReleaseSnapshot.Meta.class).environment())
        .as("a variable a secret is read from is never kept, whatever its name").doesNotContainKey("APP_PIN")
        .containsEntry("APP_LEVEL", "3");
  }

  @Test
  void aSecretFromTheEnvironmentComesFromTheRollbacksAndItSaysWhetherItIsTheReleasesValue() throws Exception {
    snapshot.save(config, repo.resolve("compose.yaml"), DEPLOY_ENV, deployed(DEPLOY_ENV), KEY);

    ReleaseSnapshot.Loaded same = snapshot.load("local", DEPLOY_ENV, KEY);
    ReleaseSnapshot.Loaded rotated = snapshot.load("local", Map.of("PATH", "/usr/bin", "APP_PIN", "9999",
        "APP_LEVEL", "7"), KEY);

    assertThat(same.valueNotes()).contains("secret pin: from $APP_PIN: the value the release was deployed with",
        "config level: from $APP_LEVEL: the value the release was deployed with");
    assertThat(rotated.project().secrets().get("pin").value()).isEqualTo("9999");
    assertThat(rotated.valueNotes()).anyMatch(note -> note.startsWith(
        "secret pin: from $APP_PIN as this run has it, which is NOT the value the release was deployed with"));
    assertThat(rotated.project().configs().get("level").value()).as("a config's variable is kept").isEqualTo("3");
    assertThat(rotated.valueNotes()).contains("config level: from $APP_LEVEL: the value the release was deployed with");
    assertThat(String.join("\n", rotated.valueNotes())).doesNotContain("9999").doesNotContain("1234");
  }

  @Test
  void aSnapshotWithoutCopiesMountsTheCurrentFileAndSaysSo() throws Exception {
    snapshot.save(config, repo.resolve("compose.yaml"), DEPLOY_ENV, deployed(DEPLOY_ENV), KEY);
    Path meta = release.resolve("snapshot.json");
    ReleaseSnapshot.Meta older = JsonFiles.read(meta, ReleaseSnapshot.Meta.class);
    JsonFiles.write(meta, new ReleaseSnapshot.Meta(older.configFile(), older.composeFile(), older.configCopy(),
        older.composeCopy(), older.environment(), null, older.secretVariables()));

    ReleaseSnapshot.Loaded loaded = snapshot.load("local", DEPLOY_ENV, KEY);

    Path token = repo.resolve("secrets/token.txt").toAbsolutePath();
    assertThat(loaded.project().secrets().get("token").file()).isEqualTo(token);
    assertThat(loaded.project().configs().get("settings").file())
        .isEqualTo(work.resolve("shared/app.conf").toAbsolutePath());
    assertThat(loaded.valueNotes()).contains("secret token: the release kept no copy of its file; the rollback mounts "
        + token + " as it is now");
  }

  @Test
  void forgettingTheValuesDeletesTheCopies() throws Exception {
    snapshot.save(config, repo.resolve("compose.yaml"), DEPLOY_ENV, deployed(DEPLOY_ENV), KEY);

    snapshot.forgetValues();

    assertThat(release.resolve(ReleaseValues.DIRECTORY)).doesNotExist();
    assertThat(release.resolve("snapshot.json")).exists();
  }

  @Test
  void theCopyOfDotEnvHasNoSecretValueButKeepsTheOtherLines() throws Exception {
    Files.writeString(repo.resolve(".env"), "# the app's\nAPP_GREETING=hello\nDB_PASSWORD=\"dot-env-password\n"
        + "its second line\"\nAPP_PIN=4321\n\nAPP_MODE='x' # kept as it is\n");
    Map<String, String> shell = Map.of("PATH", "/usr/bin", "APP_LEVEL", "3");

    snapshot.save(config, repo.resolve("compose.yaml"), shell, deployed(shell), KEY);

    String copy = Files.readString(release.resolve("files/.env"));
    assertThat(copy).doesNotContain("dot-env-password").doesNotContain("its second line")
        .as("the variable of an environment secret, whatever its name").doesNotContain("4321");
    assertThat(copy).isEqualTo("# the app's\nAPP_GREETING=hello\n\nAPP_MODE='x' # kept as it is\n");
  }

  @Test
  void aRollbackTakesASecretFromTodaysDotEnvUnlessItsEnvironmentSetsItAndTheRestFromTheRelease() throws Exception {
    Path dotEnv = repo.resolve(".env");
    Files.writeString(dotEnv, "APP_GREETING=hello\nDB_PASSWORD=dot-env-password\nAPP_PIN=4321\n");
    Map<String, String> shell = Map.of("PATH", "/usr/bin", "APP_LEVEL", "3");
    ComposeProject original = deployed(shell);
    snapshot.save(config, repo.resolve("compose.yaml"), shell, original, KEY);

    ReleaseSnapshot.Loaded unchanged = snapshot.load("local", shell, KEY);
    Files.writeString(dotEnv, "APP_GREETING=changed\nDB_PASSWORD=rotated-password\nAPP_PIN=5678\n");
    ReleaseSnapshot.Loaded rotated = snapshot.load("local", shell, KEY);
    ReleaseSnapshot.Loaded fromShell = snapshot.load("local",
        Map.of("PATH", "/usr/bin", "APP_LEVEL", "3", "DB_PASSWORD", "shell-password", "APP_PIN", ""), KEY);

    assertThat(unchanged.project().service("app").configHash(KEY)).as("the release's containers are its own")
        .isEqualTo(original.service("app").configHash(KEY));
    assertThat(rotated.project().service("app").environment()).as("today's secrets, the release's other values")
        .containsEntry("DB", "rotated-password").containsEntry("PIN_ALSO", "5678")
        .containsEntry("GREETING", "hello");
    assertThat(rotated.project().secrets().get("pin").value()).isEqualTo("5678");
    assertThat(fromShell.project().service("app").environment()).as("the environment over .env, even empty")
        .containsEntry("DB", "shell-password").containsEntry("PIN_ALSO", "").containsEntry("GREETING", "hello");
    assertThat(fromShell.project().secrets().get("pin").value()).isEqualTo("");
  }
}
