package dev.deployer.infrastructure.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.engine.ContainerSpec.PublishedPort;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PortsCheckTest {

  static final PublishedPort API = new PublishedPort("127.0.0.1", 18000, 8000, "tcp");

  @Test
  void passesWhenExactlyTheExpectedPortsArePublished() {
    CheckResult result = new PortsCheck("api", List.of(API), () -> Optional.of(List.of(API)), true).run();

    assertThat(result.verdict()).isEqualTo(CheckResult.Verdict.PASS);
    assertThat(result.name()).isEqualTo("ports api");
    assertThat(result.actual()).isEqualTo("8000/tcp on 127.0.0.1:18000");
  }

  @Test
  void failsOnAChangedHostPort() {
    PublishedPort moved = new PublishedPort("127.0.0.1", 18005, 8000, "tcp");

    CheckResult result = new PortsCheck("api", List.of(API), () -> Optional.of(List.of(moved)), false).run();

    assertThat(result.verdict()).isEqualTo(CheckResult.Verdict.FAIL);
    assertThat(result.expected()).isEqualTo("8000/tcp on 127.0.0.1:18000");
    assertThat(result.actual()).startsWith("8000/tcp on 127.0.0.1:18005").contains("not on 127.0.0.1:18000");
  }

  @Test
  void failsWhenPublishedOnAllInterfacesInsteadOfLoopback() {
    PublishedPort everywhere = new PublishedPort("", 18000, 8000, "TCP");

    CheckResult result = new PortsCheck("api", List.of(API), () -> Optional.of(List.of(everywhere)), false).run();

    assertThat(result.verdict()).isEqualTo(CheckResult.Verdict.FAIL);
    assertThat(result.actual()).contains("0.0.0.0:18000");
  }

  @Test
  void anExtraPortFailsWhereExtrasAreForbiddenAndWarnsElsewhere() {
    PublishedPort extra = new PublishedPort("127.0.0.1", 18009, 8001, "tcp");

    CheckResult strict = new PortsCheck("api", List.of(API), () -> Optional.of(List.of(API, extra)), true).run();
    CheckResult lenient = new PortsCheck("api", List.of(API), () -> Optional.of(List.of(API, extra)), false).run();

    assertThat(strict.verdict()).isEqualTo(CheckResult.Verdict.FAIL);
    assertThat(strict.actual()).contains("also published 8001/tcp on 127.0.0.1:18009");
    assertThat(lenient.verdict()).isEqualTo(CheckResult.Verdict.WARN);
  }

  @Test
  void failsWithoutARunningContainerAndIgnoresUnpublishedPorts() {
    PublishedPort exposedOnly = new PublishedPort("", 0, 8001, "tcp");

    assertThat(new PortsCheck("api", List.of(API), Optional::empty, true).run().actual())
        .isEqualTo("no running container");
    assertThat(new PortsCheck("worker", List.of(), () -> Optional.of(List.of(exposedOnly)), true).run().verdict())
        .isEqualTo(CheckResult.Verdict.PASS);
  }
}
