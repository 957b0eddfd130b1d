package dev.deployer.infrastructure.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactionTest {

  @Test
  void masksValuesOfSecretNamesOnly() {
    Map<String, String> redacted = Redaction.redact(Map.of(
        "POSTGRES_PASSWORD", "hunter22", "SCHEDULER_API_TOKEN", "abc123", "AWS_SECRET_ACCESS_KEY", "k",
        "API_PORT", "8000", "EMPTY_TOKEN", ""));

    assertThat(redacted).containsEntry("POSTGRES_PASSWORD", Redaction.MASK)
        .containsEntry("SCHEDULER_API_TOKEN", Redaction.MASK)
        .containsEntry("AWS_SECRET_ACCESS_KEY", Redaction.MASK)
        .containsEntry("API_PORT", "8000")
        .containsEntry("EMPTY_TOKEN", "");
  }

  @Test
  void scrubsSecretValuesOutOfFreeText() {
    String line = "connecting with password hunter22 to db on 8000";

    assertThat(Redaction.scrub(line, Map.of("DB_PASSWORD", "hunter22", "API_PORT", "8000")))
        .isEqualTo("connecting with password ******** to db on 8000");
  }
}
