package dev.deployer.infrastructure.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PortParserTest {

  @Test
  void shortSyntax() throws Exception {
    List<PortMapping> ports = Fixtures.load("ports/compose.yaml").service("short").ports();

    assertThat(ports)
        .containsExactly(
            new PortMapping("", "", 3000, "tcp"),
            new PortMapping("", "", 3001, "tcp"),
            new PortMapping("", "8000", 80, "tcp"),
            new PortMapping("127.0.0.1", "8001", 81, "tcp"),
            new PortMapping("127.0.0.1", "", 82, "tcp"),
            new PortMapping("", "9090", 8080, "tcp"),
            new PortMapping("", "9091", 8081, "tcp"),
            new PortMapping("", "", 5000, "tcp"),
            new PortMapping("", "", 5001, "tcp"),
            new PortMapping("", "7000-7002", 7000, "tcp"),
            new PortMapping("", "6060", 6060, "udp"),
            new PortMapping("::1", "6001", 6001, "tcp"),
            new PortMapping("fe80::1", "6002", 6002, "tcp"));
  }

  @Test
  void longSyntax() throws Exception {
    List<PortMapping> ports = Fixtures.load("ports/compose.yaml").service("long").ports();

    assertThat(ports)
        .containsExactly(
            new PortMapping("127.0.0.1", "8080", 80, "tcp"),
            new PortMapping("", "5353", 53, "udp"),
            new PortMapping("", "", 443, "tcp"));
  }

  @Test
  void badPortNamesFileLineAndIndex() {
    ComposeException e = Fixtures.failure("errors/bad-port.yaml");

    assertThat(e.getMessage()).endsWith("bad-port.yaml:6: services.api.ports[1]: invalid port 'abc'");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "'0'|out of range",
        "'70000:80'|out of range",
        "'80:80/icmp'|invalid protocol",
        "'8000-8001:80-82'|ranges differ",
        "'8000:80-81'|ranges differ",
        "'81-80'|ends before it starts",
        "'localhost:80:80'|not an IP address",
        "'1.2.3.4.5:80:80'|not an IP address",
        "':80:80'|not an IP address",
        "'80:'|invalid port",
      })
  void invalidShortSyntax(String spec, String reason) {
    assertThat(parseError(spec)).contains(reason);
  }

  private static String parseError(String spec) {
    try {
      YamlValue value = YamlReader.read("t.yaml", "p: \"" + spec + "\"", (v, at) -> v);
      PortParser.shortSyntax(((YamlValue.Mapping) value).get("p"));
      throw new AssertionError("accepted " + spec);
    } catch (ComposeException e) {
      assertThat(e.key()).isEqualTo("p");
      return e.reason();
    }
  }

  @Test
  void longSyntaxNeedsTarget() throws Exception {
    YamlValue value = YamlReader.read("t.yaml", "p:\n  published: 80\n", (v, at) -> v);
    try {
      PortParser.longSyntax((YamlValue.Mapping) ((YamlValue.Mapping) value).get("p"));
      throw new AssertionError("accepted");
    } catch (ComposeException e) {
      assertThat(e.getMessage()).isEqualTo("t.yaml:1: p: target is required");
    }
  }
}
