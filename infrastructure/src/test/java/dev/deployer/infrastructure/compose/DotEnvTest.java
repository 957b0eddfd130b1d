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

  @Test
  void withoutDropsEveryLineOfTheNamedEntriesAndKeepsTheRestAsItIs() throws Exception {
    String text = "# db\r\nDB_USER=app\r\nexport DB_PASSWORD=\"first\nsecond \\\" still\nthird\" # note\n\n"
        + "URL=postgres://${DB_USER}@db\nAPI_TOKEN='a\nb'\nAPI_TOKEN\nLAST=\"x\ny\"";

    String kept = DotEnv.without(".env", text, name -> name.contains("PASSWORD") || name.contains("TOKEN"));

    assertThat(kept).isEqualTo("# db\r\nDB_USER=app\r\n\nURL=postgres://${DB_USER}@db\nLAST=\"x\ny\"");
    Map<String, String> all = parse(text, Map.of());
    assertThat(parse(kept, Map.of())).as("read back as the loader reads it: the same values, less the dropped ones")
        .isEqualTo(Map.of("DB_USER", all.get("DB_USER"), "URL", all.get("URL"), "LAST", all.get("LAST")));
  }

  @Test
  void withoutNeedsNoValueFromOutsideTheFile() throws Exception {
    String text = "A=${REQUIRED:?must be set}\nB_KEY=1\n";

    assertThat(DotEnv.without(".env", text, name -> name.endsWith("KEY"))).isEqualTo("A=${REQUIRED:?must be set}\n");
    assertThatThrownBy(() -> DotEnv.without(".env", "A=1\nB_KEY=\"open\n", name -> true))
        .hasMessage(".env:2: unterminated quoted value");
  }
}
