package dev.deployer.infrastructure.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code .env} file as compose-go's dotenv parser reads it (dotenv/parser.go, dotenv_test.go), phase parse. */
class DotEnvSectionTest {

  @TempDir
  Path dir;

  private Map<String, String> environment(String dotEnv) throws Exception {
    return Spec.loadFiles(dir, Map.of(), List.of("compose.yaml"),
        "compose.yaml", """
            services:
              app:
                image: alpine
                environment: [DQ, SQ, HASH, COMMENT, QCOMMENT, SQHASH, TAB, EMPTYQ, SPACED]
            """,
        ".env", dotEnv).service("app").environment();
  }

  /** compose-go dotenv: double quotes expand \n, \t and \"; single quotes are literal. */
  @Test
  void quotesAndEscapes() throws Exception {
    Map<String, String> env = environment("DQ=\"a\\nb\\t\\\"c\\\"\"\nSQ='a\\nb $X'\nTAB=\"x\\ty\"\nEMPTYQ=\"\"\n");

    assertThat(env).containsEntry("DQ", "a\nb\t\"c\"")
        .containsEntry("SQ", "a\\nb $X")
        .containsEntry("TAB", "x\ty")
        .containsEntry("EMPTYQ", "");
  }

  /** compose-go dotenv: '#' starts a comment only after whitespace, outside quotes. */
  @Test
  void inlineComments() throws Exception {
    Map<String, String> env = environment(
        "HASH=a#b\nCOMMENT=value # note\nQCOMMENT=\"quoted # kept\" # dropped\nSQHASH='x #y'\nSPACED=  v  \n");

    assertThat(env).containsEntry("HASH", "a#b")
        .containsEntry("COMMENT", "value")
        .containsEntry("QCOMMENT", "quoted # kept")
        .containsEntry("SQHASH", "x #y")
        .containsEntry("SPACED", "v");
  }
}
