package dev.deployer.infrastructure.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineFileTest {

  @TempDir
  Path directory;

  static Baseline sample() {
    Map<String, Baseline.ServiceBaseline> services = new LinkedHashMap<>();
    services.put("worker", service(8001, 8001));
    services.put("api", service(8000, 8000));
    return new Baseline(Baseline.VERSION, new Baseline.Captured("local", "scheduler", "2026-11-23T17:00:00Z", "r1"),
        services, new Baseline.Performance("api", "/actuator/health/readiness", 4, 200, 0, 12.345, 30.04, 45.0, 85.26));
  }

  static Baseline.ServiceBaseline service(int container, int published) {
    return new Baseline.ServiceBaseline(
        new Baseline.ImageBaseline("scheduler-app:r1", "sha256:abc", "10001", List.of("java", "-jar", "app.jar"),
            List.of("8000/tcp", "8001/tcp")),
        List.of("CMD", "curl", "-fsS", "http://localhost:" + container + "/actuator/health/readiness"),
        List.of(new Baseline.Port(container, "tcp", "127.0.0.1", published)),
        List.of(new Baseline.Health("/actuator/health/readiness", 200, "UP", List.of("db", "redis"))),
        new Baseline.Resources(1.25, 230), new Baseline.Security("10001", false, false, false, 1.0, 512));
  }

  @Test
  void roundTripsWithRoundedMeasurements() {
    Path file = directory.resolve("baseline/local.yaml");

    BaselineFile.write(sample(), file);
    Baseline read = BaselineFile.read(file);

    assertThat(read.services().keySet()).containsExactly("api", "worker");
    Baseline.ServiceBaseline api = service(8000, 8000);
    assertThat(read.services().get("api")).isEqualTo(new Baseline.ServiceBaseline(api.image(), api.healthcheck(),
        api.ports(), api.health(), new Baseline.Resources(1.3, 230), api.security()));
    assertThat(read.performance().p50Millis()).isEqualTo(12.3);
    assertThat(read.performance().throughputPerSecond()).isEqualTo(85.3);
    assertThat(read.captured()).isEqualTo(sample().captured());
  }

  @Test
  void writesTheSameTextForTheSameBaselineWithServicesByName() throws IOException {
    Path first = directory.resolve("first.yaml");
    Path second = directory.resolve("second.yaml");

    BaselineFile.write(sample(), first);
    BaselineFile.write(BaselineFile.read(first), second);

    String text = Files.readString(first);
    assertThat(Files.readString(second)).isEqualTo(text);
    assertThat(text).startsWith("# The baseline");
    assertThat(text.indexOf("  api:")).isLessThan(text.indexOf("  worker:"));
    assertThat(text).contains("    ports:\n    - container: 8000\n      protocol: tcp\n      host_ip: 127.0.0.1\n");
  }

  @Test
  void aBadValueNamesItsKey() throws IOException {
    Path file = directory.resolve("bad.yaml");
    BaselineFile.write(sample(), file);
    Files.writeString(file, Files.readString(file).replace("published: 8001", "published: eight"));

    assertThatThrownBy(() -> BaselineFile.read(file)).isInstanceOf(BaselineException.class)
        .hasMessageContaining("bad.yaml").hasMessageContaining("services.worker.ports[0].published")
        .hasMessageContaining("expected an integer");
  }

  @Test
  void aMissingKeyAndAnUnknownVersionAreNamed() throws IOException {
    Path file = directory.resolve("old.yaml");
    Files.writeString(file, "version: 0\n");
    assertThatThrownBy(() -> BaselineFile.read(file)).hasMessageContaining("version: 0 is not supported");

    Files.writeString(file, "version: 1\ncaptured: {environment: local, project: p, time: t, release: r}\n");
    assertThatThrownBy(() -> BaselineFile.read(file)).hasMessageContaining("services: missing");
  }
}
