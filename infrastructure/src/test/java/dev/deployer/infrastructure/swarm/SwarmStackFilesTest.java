package dev.deployer.infrastructure.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.compose.ComposeLoader;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.engine.SwarmFileGrant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Swarm secrets and configs a stack needs, named by value as docker stack deploy cannot. */
class SwarmStackFilesTest {

  @TempDir
  Path dir;

  ComposeProject load(Map<String, String> env) throws Exception {
    Files.writeString(dir.resolve("pw.txt"), "file-pw");
    Files.writeString(dir.resolve("compose.yaml"), """
        name: shop
        services:
          app:
            image: alpine:3.17
            secrets: [pw, token, outside]
            configs:
              - source: tpl
                target: /etc/tpl
                mode: 0440
        secrets:
          pw: {file: ./pw.txt}
          token: {environment: TOKEN}
          outside: {external: true, name: prod_outside}
        configs:
          tpl: {content: "x", template_driver: golang}
        """);
    return new ComposeLoader(env).load(dir.resolve("compose.yaml"), Set.of());
  }

  @Test
  void aNewValueGetsANewNameAndExternalsAreNotCreated() throws Exception {
    ComposeProject v1 = load(Map.of("TOKEN", "one"));
    ComposeProject v2 = load(Map.of("TOKEN", "two"));

    assertThat(SwarmStackFiles.wanted(v1)).extracting(SwarmStackFiles.StackFile::name)
        .hasSize(3).allSatisfy(name -> assertThat(name).matches("shop_(pw|token|tpl)-[0-9a-f]{10}"));
    assertThat(SwarmStackFiles.wanted(v1)).allSatisfy(f ->
        assertThat(f.labels()).containsEntry(SwarmLabels.NAMESPACE, "shop"));
    var grants1 = SwarmStackFiles.grants(v1, v1.service("app"));
    var grants2 = SwarmStackFiles.grants(v2, v2.service("app"));
    assertThat(grants1.get(0).name()).isEqualTo(grants2.get(0).name());
    assertThat(grants1.get(1).name()).isNotEqualTo(grants2.get(1).name());
    assertThat(grants1.get(2)).isEqualTo(new SwarmFileGrant(SwarmFileGrant.Kind.SECRET, "prod_outside",
        "/run/secrets/outside", "0", "0", 0444));
    assertThat(grants1.get(3)).satisfies(g -> {
      assertThat(g.kind()).isEqualTo(SwarmFileGrant.Kind.CONFIG);
      assertThat(g.target()).isEqualTo("/etc/tpl");
      assertThat(g.mode()).isEqualTo(0440);
    });
    var spec1 = SwarmServiceSpecs.fromCompose(v1, v1.service("app"), "sha256:x", "alpine:3.17",
        dev.deployer.infrastructure.config.SwarmSettings.DEFAULT, "r1");
    var spec2 = SwarmServiceSpecs.fromCompose(v2, v2.service("app"), "sha256:x", "alpine:3.17",
        dev.deployer.infrastructure.config.SwarmSettings.DEFAULT, "r1");
    assertThat(SwarmServiceSpecs.fingerprint(spec1)).isNotEqualTo(SwarmServiceSpecs.fingerprint(spec2));
    assertThat(spec1.containerLabels().get(SwarmLabels.TEMPLATE_HASH))
        .isNotEqualTo(spec2.containerLabels().get(SwarmLabels.TEMPLATE_HASH));
  }

  @Test
  void theTemplateDriverIsPartOfTheName() throws Exception {
    ComposeProject project = load(Map.of("TOKEN", "one"));
    var tpl = project.configs().get("tpl");
    var plain = new dev.deployer.infrastructure.compose.FileSource(tpl.key(), tpl.name(), tpl.kind(), null, null,
        tpl.value(), Map.of(), null, Map.of(), null);

    assertThat(SwarmStackFiles.versionedName(tpl, new byte[] {'x'}))
        .isNotEqualTo(SwarmStackFiles.versionedName(plain, new byte[] {'x'}));
  }
}
