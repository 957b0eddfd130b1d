package dev.deployer.infrastructure.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.compose.ComposeException;
import dev.deployer.infrastructure.compose.ServiceOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compose Specification, "Configs" (08-configs.md) and "Secrets" (09-secrets.md), phase parse. */
class SecretsConfigsSectionTest {

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

  /** 09-secrets.md external: lives in a Swarm; refused with the reason on a single host. */
  @Test
  void externalSecretIsRefusedWithItsReason() {
    ComposeException e = Spec.failure(dir, """
        services:
          app:
            image: alpine:3.17
        secrets:
          token:
            external: true
        """);

    assertThat(e.line()).isEqualTo(6);
    assertThat(e.key()).isEqualTo("secrets.token.external");
    assertThat(e.reason()).contains("not supported on the single-host target").contains("Swarm");
  }
}
