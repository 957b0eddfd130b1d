package dev.deployer.infrastructure.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DotEnvTest {

  private static Map<String, String> parse(String text, Map<String, String> outer) throws Exception {
    return DotEnv.parse(".env", text, outer::get);
  }

  @Test
  void parsesTheCommonForms() throws Exception {
    Map<String, String> values =
        parse(
            "# comment\n\nA=1\nexport B=two\nC=\"quoted \\\"x\\\" # kept\"\nD='single $A'\n"
                + "E=plain # comment\nF=${A}-${MISSING:-d}\nG=\nH = spaced \r\nI=\"multi\nline\"\n",
            Map.of());

    assertThat(values)
        .containsEntry("A", "1")
        .containsEntry("B", "two")
        .containsEntry("C", "quoted \"x\" # kept")
        .containsEntry("D", "single $A")
        .containsEntry("E", "plain")
        .containsEntry("F", "1-d")
        .containsEntry("G", "")
        .containsEntry("H", "spaced")
        .containsEntry("I", "multi\nline");
  }

  @Test
  void bareNameTakesTheOuterValue() throws Exception {
    assertThat(parse("A\nB\n", Map.of("A", "outer"))).isEqualTo(Map.of("A", "outer"));
  }

  @Test
  void interpolationPrefersTheOuterEnvironment() throws Exception {
    assertThat(parse("A=file\nB=${A}\n", Map.of("A", "outer"))).containsEntry("B", "outer");
  }

  @Test
  void errorsNameTheLine() {
    assertThatThrownBy(() -> parse("A=1\n\nB=\"open\n", Map.of()))
        .isInstanceOf(ComposeException.class)
        .hasMessage(".env:3: unterminated quoted value");
    assertThatThrownBy(() -> parse("A=1\nnot valid=2\n", Map.of()))
        .hasMessage(".env:2: invalid variable name 'not valid'");
  }
}
