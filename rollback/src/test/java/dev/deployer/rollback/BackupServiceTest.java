package dev.deployer.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.compose.ComposeLoader;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.engine.ContainerEngine;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a backup writes: readable by its owner only, and no secret value in its copy of the files. */
class BackupServiceTest {

  @TempDir
  Path work;

  @Test
  void aBackupIsReadableByItsOwnerOnly() throws Exception {
    Path compose = Files.writeString(work.resolve("compose.yaml"), "name: demo\nservices:\n  api:\n    image: demo\n");
    BackupStore store = backup(compose, List.of(compose));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.root()))).isEqualTo("rwx------");
    try (Stream<Path> walk = Files.walk(store.directory("r1"))) {
      for (Path path : walk.toList()) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).as(path.toString())
            .isEqualTo(Files.isDirectory(path) ? "rwx------" : "rw-------");
      }
    }
  }

  /** As in a release's snapshot: a secret's value is never written down, not even in a backup's record of the files. */
  @Test
  void theBackupsCopyOfDotEnvLeavesOutTheSecretsEntries() throws Exception {
    Path compose = Files.writeString(work.resolve("compose.yaml"), """
        name: demo
        services:
          api:
            image: demo
            secrets: [pin]
        secrets:
          pin:
            environment: APP_PIN
        """);
    Path dotEnv = Files.writeString(work.resolve(".env"), """
        # the api's settings
        GREETING=hello
        DB_PASSWORD="first line
        second line"
        APP_PIN=4321
        """);

    BackupStore store = backup(compose, List.of(compose, dotEnv));

    assertThat(store.directory("r1").resolve("config/.env")).content()
        .isEqualTo("# the api's settings\nGREETING=hello\n");
  }

  private BackupStore backup(Path compose, List<Path> files) throws Exception {
    ComposeProject project = new ComposeLoader(Map.of()).load(compose, Set.of());
    ContainerEngine noContainers = (ContainerEngine) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {ContainerEngine.class}, (proxy, method, args) -> switch (method.getName()) {
          case "containers" -> List.of();
          default -> throw new UnsupportedOperationException(method.getName());
        });
    BackupStore store = new BackupStore(work.resolve("state"));
    new BackupService(noContainers, store).create(new BackupService.Request("r1", "local", project, files,
        null, Map.of()), line -> { });
    return store;
  }
}
