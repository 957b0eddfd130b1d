package dev.deployer.cli;

import dev.deployer.rollback.BackupManifest;
import dev.deployer.rollback.BackupStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "backup", mixinStandardHelpOptions = true,
    description = "The pre-deploy backups of an environment: database dump, config files, logs, image ids, with SHA-256.",
    subcommands = {BackupCommand.ListBackups.class, BackupCommand.VerifyBackups.class})
final class BackupCommand extends CommandGroup {


  static BackupStore store(StackOptions stack) {
    return new BackupStore(stack.request(System.getenv()).stateDirectory());
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List backups, newest first.")
  static final class ListBackups implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptions stack;

    @Mixin
    JsonOption json;

    /** {@code deployer backup list --json}: the schema {@value JsonOption#BACKUPS}. */
    record Backups(String schema, String environment, Path directory, List<Backup> backups) {}

    /** One backup; {@code database} null when the run took no dump, its {@code skipped} set when it could not. */
    record Backup(String release, Instant created, String runningRelease, int files, BackupManifest.Database database) {}

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      BackupStore store = store(stack);
      List<BackupManifest> backups = store.list();
      if (json.enabled) {
        JsonOption.print(out, new Backups(JsonOption.BACKUPS, stack.environment, store.root(), backups.stream()
            .map(b -> new Backup(b.release(), b.created(), b.runningRelease(), b.files().size(), b.database()))
            .toList()));
        return ExitCodes.OK;
      }
      if (backups.isEmpty()) {
        out.println("no backups in " + store.root());
        out.flush();
        return ExitCodes.OK;
      }
      Table table = new Table("BEFORE RELEASE", "TAKEN", "RUNNING THEN", "FILES", "DATABASE");
      for (BackupManifest backup : backups) {
        BackupManifest.Database db = backup.database();
        table.row(backup.release(), backup.created().toString().substring(0, 19), backup.runningRelease(),
            backup.files().size(), db == null ? "-" : db.skipped() != null ? "no dump: " + db.skipped()
                : db.totalRows() + " rows in " + db.rowCounts().size() + " tables, schema "
                    + (db.flywayVersion() == null ? "-" : db.flywayVersion()));
      }
      table.print(out, spec.commandLine().getColorScheme().ansi());
      out.flush();
      return ExitCodes.OK;
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = {"Check backups against their manifests' SHA-256 checksums (default: all).",
          "Exit code 1 when a file is missing or changed."})
  static final class VerifyBackups implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptions stack;

    @Parameters(arity = "0..*", paramLabel = "RELEASE", description = "Backups to check, by release id.")
    List<String> releases;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      BackupStore store = store(stack);
      List<String> ids = releases != null && !releases.isEmpty() ? releases
          : store.list().stream().map(BackupManifest::release).toList();
      Ansi ansi = spec.commandLine().getColorScheme().ansi();
      boolean allGood = true;
      for (String id : ids) {
        List<String> problems = store.verify(id);
        if (problems.isEmpty()) {
          out.println(ansi.string(id + ": " + Colors.verdict("OK") + " (" + store.manifest(id).map(m -> m.files().size()).orElse(0) + " files)"));
        } else {
          allGood = false;
          out.println(ansi.string(id + ": " + Colors.verdict("FAILED")));
          problems.forEach(problem -> out.println("  " + problem));
        }
      }
      out.flush();
      return allGood ? ExitCodes.OK : ExitCodes.VERIFICATION_FAILED;
    }
  }
}
