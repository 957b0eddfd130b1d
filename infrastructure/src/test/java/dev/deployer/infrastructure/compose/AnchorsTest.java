package dev.deployer.infrastructure.compose;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** YAML anchors, aliases and {@code <<} merge keys; {@code x-} extension fields. */
class AnchorsTest {

  @Test
  void mergeKeysCopyAnchoredMappingsAndExplicitKeysWin() throws Exception {
    ComposeProject project = Fixtures.load("anchors/compose.yaml");
    ComposeService web = project.service("web");

    assertThat(web.image()).isEqualTo("nginx");
    assertThat(web.restart()).isEqualTo("unless-stopped");
    assertThat(web.labels()).containsExactlyEntriesOf(java.util.Map.of("team", "platform"));
    assertThat(web.limits()).isEqualTo(new ResourceLimits(0.5, 1024L * 1024 * 1024));
    assertThat(web.environment())
        .containsEntry("LOG_LEVEL", "debug")
        .containsEntry("REGION", "eu")
        .hasSize(2);
  }

  @Test
  void singleMergeAndAliasedSequences() throws Exception {
    ComposeProject project = Fixtures.load("anchors/compose.yaml");

    ComposeService worker = project.service("worker");
    assertThat(worker.restart()).isEqualTo("always");
    assertThat(worker.environment()).containsEntry("LOG_LEVEL", "info");
    assertThat(worker.command()).containsExactly("run", "--queue", "default");
    assertThat(project.service("other").entrypoint()).containsExactly("run", "--queue", "default");
  }

  @Test
  void extensionFieldsAreIgnored() throws Exception {
    ComposeProject project = Fixtures.load("anchors/compose.yaml");

    assertThat(project.services().keySet()).containsExactly("web", "worker", "other");
    assertThat(project.service("web").healthcheck().test()).containsExactly("CMD", "true");
  }

  @Test
  void xPrefixedNamesUnderServicesAreServicesAsInCompose() throws Exception {
    ComposeProject project = Fixtures.load("services-x-prefix.yaml");

    assertThat(project.services()).containsOnlyKeys("x-tool");
    assertThat(project.volumes()).containsOnlyKeys("x-data");
  }

  @Test
  void errorsInMergedContentNameTheServiceAndTheAnchorLine() {
    ComposeException e = Fixtures.failure("errors/merged-unknown.yaml");

    assertThat(e.key()).isEqualTo("services.api.contaner_name");
    assertThat(e.line()).isEqualTo(3);
  }
}
