package dev.deployer.infrastructure.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.infrastructure.compose.YamlValue.Mapping;
import dev.deployer.infrastructure.compose.YamlValue.Scalar;
import org.junit.jupiter.api.Test;

class YamlReaderTest {

  private static Mapping read(String yaml) throws ComposeException {
    return (Mapping) YamlReader.read("t.yaml", yaml, (value, at) -> value.replace("$X", "x"));
  }

  @Test
  void keepsScalarTextAsWritten() throws Exception {
    Mapping m = read("restart: no\nflag: on\nratio: 1.50\nport: 22:22\nempty:\nquoted: ''\n");

    assertThat(((Scalar) m.get("restart")).value()).isEqualTo("no");
    assertThat(((Scalar) m.get("flag")).value()).isEqualTo("on");
    assertThat(((Scalar) m.get("ratio")).value()).isEqualTo("1.50");
    assertThat(((Scalar) m.get("port")).value()).isEqualTo("22:22");
    assertThat(((Scalar) m.get("empty")).isNull()).isTrue();
    assertThat(((Scalar) m.get("quoted")).value()).isEmpty();
  }

  @Test
  void interpolatesValuesNotKeys() throws Exception {
    Mapping m = read("$X: $X\n");
    assertThat(((Scalar) m.get("$X")).value()).isEqualTo("x");
  }

  @Test
  void tracksLinesAndPaths() throws Exception {
    Mapping m = read("a:\n  b:\n    - one\n    - two\n");
    YamlValue two = ((YamlValue.Sequence) ((Mapping) m.get("a")).get("b")).items().get(1);

    assertThat(two.location()).isEqualTo(new YamlValue.Location("t.yaml", 4, "a.b[1]"));
  }

  @Test
  void mergeListFirstMappingWins() throws Exception {
    Mapping m = read("x: &x {a: 1, b: 1}\ny: &y {b: 2, c: 2}\nz:\n  <<: [*x, *y]\n  c: 3\n");
    Mapping z = (Mapping) m.get("z");

    assertThat(z.entries().keySet()).containsExactly("a", "b", "c");
    assertThat(((Scalar) z.get("b")).value()).isEqualTo("1");
    assertThat(((Scalar) z.get("c")).value()).isEqualTo("3");
  }

  @Test
  void emptyDocumentIsAnEmptyMapping() throws Exception {
    assertThat(read("").entries()).isEmpty();
    assertThat(read("# only a comment\n").entries()).isEmpty();
  }

  @Test
  void rejectsWhatComposeWouldNot() {
    assertThatThrownBy(() -> read("a: &a\n  b: *a\n")).hasMessageContaining("recursive YAML alias");
    assertThatThrownBy(() -> read("a:\n  <<: 1\n")).hasMessage("t.yaml:2: a.<<: merge key '<<' needs a mapping or a list of mappings");
    assertThatThrownBy(() -> read("a: !!binary aGVsbG8=\n")).hasMessageContaining("unsupported YAML tag");
    assertThatThrownBy(() -> read("a: !custom x\n")).hasMessageContaining("unsupported YAML tag");
    assertThatThrownBy(() -> read("? [a]\n: b\n")).hasMessageContaining("keys must be strings");
    assertThatThrownBy(() -> read("a: 1\n---\nb: 2\n")).hasMessageContaining("invalid YAML");
  }

  @Test
  void aliasExpansionIsBounded() {
    StringBuilder yaml = new StringBuilder("l0: &l0 [a, a, a, a, a, a, a, a, a, a]\n");
    for (int i = 1; i < 8; i++) {
      yaml.append("l").append(i).append(": &l").append(i).append(" [");
      yaml.append(("*l" + (i - 1) + ", ").repeat(9)).append("*l").append(i - 1).append("]\n");
    }
    assertThatThrownBy(() -> read(yaml.toString())).hasMessageContaining("after expanding aliases");
  }
}
