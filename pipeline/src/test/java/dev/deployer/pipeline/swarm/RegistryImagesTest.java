package dev.deployer.pipeline.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RegistryImagesTest {

  @Test
  void theRepositoryLosesItsRegistryTagAndDigest() {
    assertThat(RegistryImages.repository("postgres:15")).isEqualTo("postgres");
    assertThat(RegistryImages.repository("scheduler-app:20261205-1")).isEqualTo("scheduler-app");
    assertThat(RegistryImages.repository("127.0.0.1:5000/team/app:1")).isEqualTo("team/app");
    assertThat(RegistryImages.repository("docker.io/library/redis@sha256:abc")).isEqualTo("library/redis");
    assertThat(RegistryImages.repository("team/app")).isEqualTo("team/app");
  }

  @Test
  void anUntaggedNameIsLatest() {
    assertThat(RegistryImages.tag("team/app")).isEqualTo("latest");
    assertThat(RegistryImages.tag("localhost:5000/app")).isEqualTo("latest");
    assertThat(RegistryImages.tag("redis:7")).isEqualTo("7");
  }
}
