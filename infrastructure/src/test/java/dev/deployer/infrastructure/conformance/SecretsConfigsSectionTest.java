package dev.deployer.infrastructure.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.compose.ComposeException;
import dev.deployer.infrastructure.compose.ComposeJson;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.compose.FileSource;
import dev.deployer.infrastructure.compose.ServiceOptions;
import dev.deployer.infrastructure.compose.ValueDigestKey;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compose Specification, "Configs" (08-configs.md) and "Secrets" (09-secrets.md), phase parse. */
class SecretsConfigsSectionTest {

  private static final ValueDigestKey KEY =
      ValueDigestKey.of("a test key of thirty-two bytes!!".getBytes(java.nio.charset.StandardCharsets.UTF_8));

  @TempDir
  Path dir;

  /** 09-secrets.md: a file secret appears at /run/secrets/<name>; 08-configs.md: a config at /<name> or its target. */
  @Test
  void fileSecretsAndConfigsWithDefaultTargets() throws Exception {
    ServiceOptions o = Spec.load(dir, """
        services:
          app:
            image: alpine:3.17
            secrets: [db_password]
            configs:
              - my_config
              - source: proxy
                target: /etc/proxy.conf
        secrets:
          db_password:
            file: ./db_password.txt
        configs:
          my_config:
            file: ./my_config.txt
          proxy:
            file: ./proxy.conf
        """, "db_password.txt", "pw", "my_config.txt", "c", "proxy.conf", "p").service("app").options();

    assertThat(o.secrets()).singleElement().satisfies(g -> {
      assertThat(g.target()).isEqualTo("/run/secrets/db_password");
      assertThat(g.file().toString()).endsWith("proj/db_password.txt");
    });
    assertThat(o.configs()).extracting(ServiceOptions.FileGrant::target).containsExactly("/my_config", "/etc/proxy.conf");
  }

  /** 09-secrets.md: an undefined secret names the line. */
  @Test
  void undefinedSecret() {
    ComposeException e = Spec.failure(dir, """
        services:
          app:
            image: alpine:3.17
            secrets: [nowhere]
        """);

    assertThat(e.key()).isEqualTo("services.app.secrets[0]");
    assertThat(e.reason()).isEqualTo("undefined secret 'nowhere'");
  }

  /** 09-secrets.md external, with name: loads (a target that has no Swarm refuses it in its pre-deployment checks). */
  @Test
  void externalSecretLoadsWithItsName() throws Exception {
    ComposeProject project = Spec.load(dir, """
        name: shop
        services:
          app:
            image: alpine:3.17
            secrets: [token]
        secrets:
          token:
            external: true
            name: prod_token
          plain:
            external: true
        """);

    FileSource token = project.secrets().get("token");
    assertThat(token.kind()).isEqualTo(FileSource.Kind.EXTERNAL);
    assertThat(token.name()).isEqualTo("prod_token");
    assertThat(project.secrets().get("plain").name()).isEqualTo("plain");
    assertThat(project.service("app").options().secrets().get(0).from()).isSameAs(token);
  }

  /**
   * 09-secrets.md environment: the value of a variable of the project environment (.env under the
   * process environment); compose-go's SecretConfig.MarshalJSON never prints it.
   */
  @Test
  void environmentSecretTakesTheVariablesValueAndNeverPrintsIt() throws Exception {
    ComposeProject project = Spec.load(dir, """
        name: shop
        services:
          app:
            image: alpine:3.17
            secrets:
              - source: token
                target: api_token
                uid: "103"
                gid: "104"
                mode: 0440
        secrets:
          token:
            environment: API_TOKEN
        """, Map.of("API_TOKEN", "s3cr3t-value"));

    FileSource token = project.secrets().get("token");
    assertThat(token.kind()).isEqualTo(FileSource.Kind.ENVIRONMENT);
    assertThat(token.value()).isEqualTo("s3cr3t-value");
    assertThat(token.name()).isEqualTo("shop_token");
    ServiceOptions.FileGrant grant = project.service("app").options().secrets().get(0);
    assertThat(grant.target()).isEqualTo("/run/secrets/api_token");
    assertThat(grant.uid()).isEqualTo("103");
    assertThat(grant.gid()).isEqualTo("104");
    assertThat(grant.mode()).isEqualTo(0440);
    String json = ComposeJson.pretty(project);
    assertThat(json).doesNotContain("s3cr3t-value").contains("\"environment\" : \"API_TOKEN\"");
    assertThat(project.toString()).doesNotContain("s3cr3t-value");
  }

  /** 08-configs.md content: inline, interpolated, and printed by compose config (ConfigObjConfig keeps it). */
  @Test
  void contentConfigIsInterpolatedAndPrinted() throws Exception {
    ComposeProject project = Spec.load(dir, """
        name: shop
        services:
          app:
            image: alpine:3.17
            configs:
              - source: app_config
                target: /etc/app.conf
        configs:
          app_config:
            content: |
              debug=${DEBUG}
              spec=1
        """, Map.of("DEBUG", "true"));

    FileSource config = project.configs().get("app_config");
    assertThat(config.kind()).isEqualTo(FileSource.Kind.CONTENT);
    assertThat(config.value()).isEqualTo("debug=true\nspec=1\n");
    assertThat(ComposeJson.pretty(project)).contains("debug=true\\nspec=1\\n");
  }

  /** 08-configs.md environment: the value is used, but compose config prints the variable's name only. */
  @Test
  void environmentConfigPrintsTheVariableNotTheValue() throws Exception {
    ComposeProject project = Spec.load(dir, """
        services:
          app:
            image: alpine:3.17
            configs: [from_env]
        configs:
          from_env:
            environment: APP_SETTINGS
        """, Map.of("APP_SETTINGS", "mode=fast"));

    assertThat(project.configs().get("from_env").value()).isEqualTo("mode=fast");
    assertThat(ComposeJson.pretty(project)).doesNotContain("mode=fast")
        .contains("\"environment\" : \"APP_SETTINGS\"");
  }

  /** An unset variable loads (as in compose-go); the targets' pre-deployment checks name it. */
  @Test
  void unsetVariableLoadsWithoutAValue() throws Exception {
    ComposeProject project = Spec.load(dir, """
        services:
          app:
            image: alpine:3.17
            secrets: [token]
        secrets:
          token:
            environment: NOT_SET_ANYWHERE
        """);

    assertThat(project.secrets().get("token").value()).isNull();
  }

  /**
   * Top-level secrets and configs are printed whether a service uses them or not, with compose-go's
   * name (setNameFromKey), as the deployer prints declared networks and volumes: the shape of
   * {@code docker compose config --all-resources}. (Without that flag, current Compose drops every
   * resource no service uses: LoadProject calls WithoutUnnecessaryResources unless All.)
   */
  @Test
  void unusedSecretsAndConfigsArePrinted() throws Exception {
    ComposeProject project = Spec.load(dir, """
        name: shop
        services:
          app:
            image: alpine:3.17
        secrets:
          spare:
            file: ./spare.txt
            labels: [tier=back]
        configs:
          later:
            content: x
            template_driver: golang
        """, "spare.txt", "pw");

    Map<String, Object> json = ComposeJson.project(project);
    assertThat(json.get("secrets")).isEqualTo(Map.of("spare", Map.of("name", "shop_spare",
        "file", dir.resolve("proj/spare.txt").toString(), "labels", Map.of("tier", "back"))));
    assertThat(json.get("configs")).isEqualTo(Map.of("later", Map.of("name", "shop_later", "content", "x",
        "template_driver", "golang")));
  }

  /** 09-secrets.md: a secret gives exactly one source; file, line and key are named. */
  @Test
  void twoSourcesAreAnError() {
    ComposeException e = Spec.failure(dir, """
        services:
          app:
            image: alpine:3.17
        secrets:
          token:
            file: ./t.txt
            environment: TOKEN
        """);

    assertThat(e.line()).isEqualTo(5);
    assertThat(e.key()).isEqualTo("secrets.token");
    assertThat(e.reason()).isEqualTo("secret 'token' needs exactly one of file, environment, external;"
        + " it sets file and environment");
  }

  /** 09-secrets.md: content is a config's source only; a secret with it is an unknown key. */
  @Test
  void contentIsNotASecretSource() {
    ComposeException e = Spec.failure(dir, """
        services:
          app:
            image: alpine:3.17
        secrets:
          token:
            content: x
        """);

    assertThat(e.key()).isEqualTo("secrets.token.content");
  }

  /** An external secret cannot also be created with labels or a driver. */
  @Test
  void externalWithCreationKeysIsAnError() {
    ComposeException e = Spec.failure(dir, """
        services:
          app:
            image: alpine:3.17
        configs:
          shared:
            external: true
            template_driver: golang
        """);

    assertThat(e.key()).isEqualTo("configs.shared.template_driver");
    assertThat(e.reason()).contains("external config 'shared' cannot also set template_driver");
  }

  /** 05-services.md secrets long syntax: mode is octal, uid a number; bad values name their line. */
  @Test
  void invalidModeAndUidNameTheirPlace() {
    ComposeException mode = Spec.failure(dir, """
        services:
          app:
            image: alpine:3.17
            secrets:
              - source: token
                mode: "0999"
        secrets:
          token:
            file: ./t.txt
        """);
    assertThat(mode.line()).isEqualTo(6);
    assertThat(mode.key()).isEqualTo("services.app.secrets[0].mode");
    assertThat(mode.reason()).contains("invalid file mode '0999'");

    ComposeException uid = Spec.failure(dir.resolve("uid"), """
        services:
          app:
            image: alpine:3.17
            configs:
              - source: c
                uid: nobody
        configs:
          c:
            content: x
        """);
    assertThat(uid.key()).isEqualTo("services.app.configs[0].uid");
    assertThat(uid.reason()).isEqualTo("'nobody' is not a numeric user or group id");
  }

  /** compose-go FileMode: 0o440 and a decimal 288 are the same mode. */
  @Test
  void modeSpellings() throws Exception {
    ComposeProject project = Spec.load(dir, """
        services:
          app:
            image: alpine:3.17
            configs:
              - {source: c, target: /a, mode: 0o440}
              - {source: c, target: /b, mode: 288}
        configs:
          c:
            content: x
        """);

    assertThat(project.service("app").options().configs()).extracting(ServiceOptions.FileGrant::mode)
        .containsExactly(0440, 0440);
  }
  /**
   * Compose recreates a container whose secret or config changed: the config hash follows each
   * granted source's value (environment, content, a file's bytes) through a keyed digest, so a
   * rotated value changes it and an unchanged one does not; neither the value nor its digest is
   * printed, and without the key the hash is the definition's alone.
   */
  @Test
  void configHashFollowsTheValuesNotTheirPrintedForm() throws Exception {
    String yaml = """
        name: shop
        services:
          app:
            image: alpine:3.17
            secrets: [token, pw]
            configs: [settings]
          plain:
            image: alpine:3.17
        secrets:
          token:
            environment: API_TOKEN
          pw:
            file: ./pw.txt
        configs:
          settings:
            content: "level=${LEVEL}"
        """;
    Map<String, String> env = Map.of("API_TOKEN", "old-token", "LEVEL", "1");
    ComposeProject before = Spec.load(dir, yaml, env, "pw.txt", "pw-one");
    String hash = before.service("app").configHash(KEY);

    assertThat(Spec.load(dir, yaml, env, "pw.txt", "pw-one").service("app").configHash(KEY))
        .as("unchanged values, unchanged hash").isEqualTo(hash);
    ComposeProject rotated = Spec.load(dir, yaml, Map.of("API_TOKEN", "new-token", "LEVEL", "1"), "pw.txt", "pw-one");
    assertThat(rotated.service("app").configHash(KEY)).as("environment secret rotated").isNotEqualTo(hash);
    assertThat(ComposeJson.pretty(rotated)).isEqualTo(ComposeJson.pretty(before));
    assertThat(Spec.load(dir, yaml, Map.of("API_TOKEN", "old-token", "LEVEL", "2"), "pw.txt", "pw-one")
        .service("app").configHash(KEY)).as("content config changed").isNotEqualTo(hash);
    assertThat(Spec.load(dir, yaml, env, "pw.txt", "pw-two").service("app").configHash(KEY))
        .as("file secret's bytes changed").isNotEqualTo(hash);
    assertThat(rotated.service("plain").configHash(KEY)).as("a service without grants")
        .isEqualTo(before.service("plain").configHash(KEY)).isEqualTo(before.service("plain").configHash());
    assertThat(rotated.service("app").configHash()).as("without a key, the values are left out")
        .isEqualTo(before.service("app").configHash());
    assertThat(before.service("app").configHash(ValueDigestKey.of(new byte[32]))).as("another key")
        .isNotEqualTo(hash);
    assertThat(ComposeJson.pretty(rotated)).doesNotContain("new-token").doesNotContain("digest")
        .doesNotContain(sha256("new-token"));
  }

  private static String sha256(String text) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
        .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }
}
