package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Help.Ansi;

/** Colour on a terminal only, never with NO_COLOR; verdicts coloured by what they say. */
class ColorsTest {

  static final String ESCAPE = "\u001B[";

  @Test
  void colourOnlyOnATerminalWithoutNoColor() {
    assertThat(Colors.ansi(Map.of(), true)).isEqualTo(Ansi.ON);
    assertThat(Colors.ansi(Map.of(), false)).isEqualTo(Ansi.OFF);
    assertThat(Colors.ansi(Map.of("NO_COLOR", "1"), true)).isEqualTo(Ansi.OFF);
    assertThat(Colors.ansi(Map.of("TERM", "dumb"), true)).isEqualTo(Ansi.OFF);
    // no-color.org: an empty NO_COLOR does not count
    assertThat(Colors.ansi(Map.of("NO_COLOR", ""), true)).isEqualTo(Ansi.ON);
  }

  @Test
  void verdictsAreColouredAndTheColumnsStayAligned() {
    Table table = new Table("CHECK", "VERDICT", "ACTUAL").row("ports", Colors.verdict("PASS"), "8000")
        .row("latency", Colors.verdict("FAIL"), "1200 ms").row("memory", Colors.verdict("WARN"), "78 %");

    String coloured = print(table, Ansi.ON);
    String plain = print(table, Ansi.OFF);

    assertThat(coloured).contains(ESCAPE + "32mPASS", ESCAPE + "31mFAIL", ESCAPE + "33mWARN");
    assertThat(plain).doesNotContain(ESCAPE).contains("ports    PASS     8000", "latency  FAIL     1200 ms");
    assertThat(coloured.replaceAll("\u001B\\[[0-9;]*m", "")).isEqualTo(plain);
  }

  @Test
  void commandsPrintNoEscapeCodesWhenTheOutputIsNotATerminal() {
    Cli run = Cli.execute("--help");
    assertThat(run.out()).contains("Usage:").doesNotContain(ESCAPE);
  }

  private static String print(Table table, Ansi ansi) {
    StringWriter text = new StringWriter();
    table.print(new PrintWriter(text, true), ansi);
    return text.toString();
  }
}
