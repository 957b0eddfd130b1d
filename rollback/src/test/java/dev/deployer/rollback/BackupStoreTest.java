package dev.deployer.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupStoreTest {

  @TempDir
  Path state;

  BackupStore storeWith(String release, String content) throws Exception {
    BackupStore store = new BackupStore(state);
    Path directory = store.directory(release);
    Files.createDirectories(directory.resolve("config"));
    Files.writeString(directory.resolve("database.sql"), content);
    Files.writeString(directory.resolve("config/compose.yaml"), "services: {}\n");
    List<BackupManifest.FileEntry> files = List.of(
        new BackupManifest.FileEntry("database.sql", Files.size(directory.resolve("database.sql")),
            Checksums.sha256(directory.resolve("database.sql"))),
        new BackupManifest.FileEntry("config/compose.yaml", 13, Checksums.sha256(directory.resolve("config/compose.yaml"))));
    JsonFiles.write(directory.resolve(BackupStore.MANIFEST), new BackupManifest(release, "local", "scheduler",
        Instant.now(), "r0", files, new BackupManifest.Database("db", "scheduler-db-1", "database.sql",
            Map.of("public.member", 2L), "1", null), Map.of()));
    return store;
  }

  @Test
  void anIntactBackupVerifies() throws Exception {
    BackupStore store = storeWith("r1", "COPY public.member (id) FROM stdin;\n1\n2\n\\.\n");

    assertThat(store.verify("r1")).isEmpty();
    assertThat(store.list()).extracting(BackupManifest::release).containsExactly("r1");
    assertThat(store.manifest("r1").orElseThrow().database().totalRows()).isEqualTo(2);
  }

  @Test
  void aChangedOrMissingFileIsReported() throws Exception {
    BackupStore store = storeWith("r1", "COPY public.member (id) FROM stdin;\n1\n2\n\\.\n");
    Files.writeString(store.directory("r1").resolve("database.sql"), "COPY public.member (id) FROM stdin;\n1\n3\n\\.\n");
    Files.delete(store.directory("r1").resolve("config/compose.yaml"));

    assertThat(store.verify("r1")).hasSize(2)
        .anySatisfy(p -> assertThat(p).startsWith("database.sql: SHA-256"))
        .anySatisfy(p -> assertThat(p).isEqualTo("config/compose.yaml: missing"));
    assertThat(store.verify("nope")).singleElement().asString().contains("no backup nope");
  }
}
