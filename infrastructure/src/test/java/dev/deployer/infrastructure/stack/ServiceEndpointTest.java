package dev.deployer.infrastructure.stack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceEndpointTest {

  @Test
  void aPortBoundToOneAddressOfALocalEngineIsReachedThereAnyOtherOnThePublishedHost() {
    assertThat(ServiceEndpoint.published("127.0.0.1", "", 8000).url()).isEqualTo("http://127.0.0.1:8000");
    assertThat(ServiceEndpoint.published("127.0.0.1", "0.0.0.0", 8000).url()).isEqualTo("http://127.0.0.1:8000");
    assertThat(ServiceEndpoint.published("127.0.0.1", "::", 8000).url()).isEqualTo("http://127.0.0.1:8000");
    assertThat(ServiceEndpoint.published("127.0.0.1", "127.0.0.2", 8000).url("/health"))
        .isEqualTo("http://127.0.0.2:8000/health");
    assertThat(ServiceEndpoint.published("127.0.0.1", "::1", 8000).url()).isEqualTo("http://[::1]:8000");
    assertThat(ServiceEndpoint.published("10.0.0.5", "127.0.0.1", 8000).url()).as("a remote engine")
        .isEqualTo("http://10.0.0.5:8000");
  }
}
