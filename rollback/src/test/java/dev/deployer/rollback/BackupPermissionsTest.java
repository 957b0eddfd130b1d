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

class BackupPermissionsTest {

  @TempDir
  Path work;

  @Test
  void aBackupIsReadableByItsOwnerOnly() throws Exception {
    Path compose = Files.writeString(work.resolve("compose.yaml"), "name: demo\nservices:\n  api:\n    image: demo\n");
    ComposeProject project = new ComposeLoader(Map.of()).load(compose, Set.of());
    ContainerEngine noContainers = (ContainerEngine) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {ContainerEngine.class}, (proxy, method, args) -> switch (method.getName()) {
          case "containers" -> List.of();
          default -> throw new UnsupportedOperationException(method.getName());
        });
    BackupStore store = new BackupStore(work.resolve("state"));

    new BackupService(noContainers, store).create(new BackupService.Request("r1", "local", project, List.of(compose),
        null, Map.of()), line -> { });

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.root()))).isEqualTo("rwx------");
    try (Stream<Path> walk = Files.walk(store.directory("r1"))) {
      for (Path path : walk.toList()) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).as(path.toString())
            .isEqualTo(Files.isDirectory(path) ? "rwx------" : "rw-------");
      }
    }
  }
}
