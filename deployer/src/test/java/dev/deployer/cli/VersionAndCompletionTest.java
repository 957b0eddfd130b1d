package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code deployer --version} names the build; {@code generate-completion} writes a bash/zsh script. */
class VersionAndCompletionTest {

  @Test
  void versionNamesTheCommitAndTheBuildTime() {
    Cli run = Cli.execute("--version");

    assertThat(run.exit()).isZero();
    // The test classpath holds the filtered build.properties: the project's version and the build's time.
    assertThat(run.out()).containsPattern("deployer \\d+\\.\\d+\\.\\d+")
        .containsPattern("commit +\\S+")
        .containsPattern("built +\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z")
        .contains("picocli 4.").doesNotContain("${");
  }

  @Test
  void theCompletionScriptCoversCommandsSubcommandsAndOptions() {
    Cli run = Cli.execute("generate-completion");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("complete -F _complete_deployer", "bashcompinit", "deploy-and-verify",
        "_picocli_deployer_lock_status", "--wait-timeout", "--json");
  }

  @Test
  void helpListsTheCompletionCommand() {
    assertThat(Cli.execute("--help").out()).contains("generate-completion");
  }
}
