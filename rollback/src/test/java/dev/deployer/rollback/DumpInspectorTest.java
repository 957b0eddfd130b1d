package dev.deployer.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpInspectorTest {

  @TempDir
  Path directory;

  @Test
  void countsRowsPerTableAndFindsTheFlywayVersion() throws Exception {
    Path dump = directory.resolve("database.sql");
    Files.writeString(dump, """
        SET statement_timeout = 0;
        CREATE TABLE public.member (id bigint, name text);
        COPY public.flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by, installed_on, execution_time, success) FROM stdin;
        1\t1\tmembers\tSQL\tV1__members.sql\t123\tscheduler\t2026-11-23 10:00:00\t12\tt
        2\t2\tscheduling\tSQL\tV2__scheduling.sql\t456\tscheduler\t2026-11-23 10:00:01\t30\tt
        3\t10\tbroken\tSQL\tV10__broken.sql\t789\tscheduler\t2026-11-23 10:00:02\t5\tf
        \\.
        COPY public.member (id, name, created_at) FROM stdin;
        1\tEmma\t2026-11-23
        2\tNoah\\tTab\t2026-11-23
        \\.
        COPY "public"."empty" (id) FROM stdin;
        \\.
        """);

    DumpInspector.Contents contents = DumpInspector.inspect(dump);

    assertThat(contents.rowCounts()).containsEntry("public.member", 2L)
        .containsEntry("public.flyway_schema_history", 3L)
        .containsEntry("public.empty", 0L);
    assertThat(contents.flywayVersion()).isEqualTo("2");
  }

  @Test
  void aDumpWithoutSchemaHistoryHasNoVersion() throws Exception {
    Path dump = directory.resolve("database.sql");
    Files.writeString(dump, "CREATE TABLE t (id int);\n");

    assertThat(DumpInspector.inspect(dump).flywayVersion()).isNull();
    assertThat(DumpInspector.inspect(dump).rowCounts()).isEmpty();
  }
}
