package dev.deployer.infrastructure.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InterpolatorTest {

  private final Map<String, String> env = new HashMap<>(Map.of("SET", "value", "EMPTY", "", "B", "bee"));
  private final List<String> unset = new ArrayList<>();
  private final Interpolator interpolator = new Interpolator(env::get, unset::add);

  private String interpolate(String template) throws Exception {
    return interpolator.interpolate(template);
  }

  @ParameterizedTest(name = "{0} -> [{1}]")
  @CsvSource(
      delimiter = '|',
      nullValues = "NULL",
      emptyValue = "",
      value = {
        "$SET|value",
        "${SET}|value",
        "$EMPTY|''",
        "${SET:-d}|value",
        "${EMPTY:-d}|d",
        "${UNSET:-d}|d",
        "${SET-d}|value",
        "${EMPTY-d}|''",
        "${UNSET-d}|d",
        "${SET:?err}|value",
        "${SET?err}|value",
        "${EMPTY?err}|''",
        "${SET:+alt}|alt",
        "${EMPTY:+alt}|''",
        "${UNSET:+alt}|''",
        "${SET+alt}|alt",
        "${EMPTY+alt}|alt",
        "${UNSET+alt}|''",
        "${UNSET:-}|''",
        "${UNSET:-a b:c}|a b:c",
      })
  void everyForm(String template, String expected) throws Exception {
    assertThat(interpolate(template)).isEqualTo(expected.equals("''") ? "" : expected);
  }

  @Test
  void unsetVariableIsBlankWithAWarning() throws Exception {
    assertThat(interpolate("a${UNSET}b$UNSET2")).isEqualTo("ab");
    assertThat(unset).containsExactly("UNSET", "UNSET2");
  }

  @Test
  void defaultsDoNotWarn() throws Exception {
    interpolate("${UNSET:-x}${UNSET-y}${UNSET:+z}");
    assertThat(unset).isEmpty();
  }

  @Test
  void dollarDollarIsALiteralDollar() throws Exception {
    assertThat(interpolate("$$")).isEqualTo("$");
    assertThat(interpolate("$${SET}")).isEqualTo("${SET}");
    assertThat(interpolate("$$SET")).isEqualTo("$SET");
    assertThat(interpolate("$$$SET")).isEqualTo("$value");
    assertThat(interpolate("pg_isready -U $${POSTGRES_USER}")).isEqualTo("pg_isready -U ${POSTGRES_USER}");
  }

  @Test
  void nestedDefaults() throws Exception {
    assertThat(interpolate("${UNSET:-${B:-x}}")).isEqualTo("bee");
    assertThat(interpolate("${UNSET:-${UNSET2:-x}}")).isEqualTo("x");
    assertThat(interpolate("${SET:-${UNSET2:-x}}")).isEqualTo("value");
    assertThat(interpolate("${UNSET:-${B}}")).isEqualTo("bee");
    assertThat(interpolate("${UNSET:-$B/x}")).isEqualTo("bee/x");
    assertThat(interpolate("${UNSET:-${UNSET2:-${B}}}-tail")).isEqualTo("bee-tail");
  }

  @Test
  void defaultIsOnlyEvaluatedWhenUsed() throws Exception {
    assertThat(interpolate("${SET:-${UNSET:?never}}")).isEqualTo("value");
  }

  @Test
  void namesAndSurroundingText() throws Exception {
    env.put("VAR_1", "one");
    assertThat(interpolate("$VAR_1x")).isEqualTo("");
    assertThat(interpolate("${VAR_1}x")).isEqualTo("onex");
    assertThat(interpolate("$VAR_1-x")).isEqualTo("one-x");
    assertThat(interpolate("jdbc://db:5432/${UNSET:-sched}?ssl=${SET}")).isEqualTo("jdbc://db:5432/sched?ssl=value");
    assertThat(interpolate("no dollars {here}")).isEqualTo("no dollars {here}");
  }

  @Test
  void requiredVariableErrors() {
    assertThatThrownBy(() -> interpolate("${UNSET:?set UNSET please}"))
        .hasMessage("required variable UNSET is missing a value: set UNSET please");
    assertThatThrownBy(() -> interpolate("${EMPTY:?must not be empty}"))
        .hasMessage("required variable EMPTY is missing a value: must not be empty");
    assertThatThrownBy(() -> interpolate("${UNSET?}"))
        .hasMessage("required variable UNSET is missing a value");
    assertThatThrownBy(() -> interpolate("${UNSET?need $B}"))
        .hasMessage("required variable UNSET is missing a value: need bee");
  }

  @ParameterizedTest
  @ValueSource(strings = {"${", "${}", "${SET", "${1A}", "$1", "cost $", "${SET/a/b}", "${SET:x}", "${ SET}", "${UNSET:-${B}"})
  void invalidFormats(String template) {
    assertThatThrownBy(() -> interpolate(template))
        .isInstanceOf(Interpolator.InterpolationException.class)
        .hasMessageContaining("invalid interpolation format")
        .hasMessageContaining("escape any $ with another $");
  }
}
