package dev.deployer.infrastructure.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

/** The archive extracted at / that writes injected secrets and configs, as Compose's createTar builds it. */
class ContainerFilesTest {

  @Test
  void eachFileCarriesItsPathOwnerModeAndContent() throws Exception {
    byte[] tar = ContainerFiles.tar(List.of(
        new ContainerSpec.File("/run/secrets/token", "s3cret", 1000, 2000, 0400),
        new ContainerSpec.File("/etc/app.conf", "debug=true\n", null, null, 0444)));

    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      TarArchiveEntry token = in.getNextEntry();
      assertThat(token.getName()).isEqualTo("run/secrets/token");
      assertThat(token.getMode() & 07777).isEqualTo(0400);
      assertThat(token.isFile()).isTrue();
      assertThat(token.getLongUserId()).isEqualTo(1000);
      assertThat(token.getLongGroupId()).isEqualTo(2000);
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("s3cret");
      TarArchiveEntry config = in.getNextEntry();
      assertThat(config.getName()).isEqualTo("etc/app.conf");
      assertThat(config.getMode() & 07777).isEqualTo(0444);
      assertThat(config.getLongUserId()).isZero();
      assertThat(in.getNextEntry()).isNull();
    }
  }

  @Test
  void aFilesDescriptionLeavesTheContentOut() {
    assertThat(new ContainerSpec.File("/run/secrets/token", "s3cret", null, null, 0444).toString())
        .doesNotContain("s3cret").contains("mode=444");
  }
}
