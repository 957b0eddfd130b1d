package dev.deployer.infrastructure.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValueDigestKeyTest {

  @TempDir
  Path state;

  /** RFC 4231, test case 6: a key longer than SHA-256's block. */
  @Test
  void digestsAreHmacSha256() {
    byte[] key = new byte[131];
    Arrays.fill(key, (byte) 0xaa);

    String digest = ValueDigestKey.of(key).digest(bytes("Test Using Larger Than Block-Size Key - Hash Key First"));

    assertThat(digest).isEqualTo("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  }

  @Test
  void theStateDirectorysKeyIsMadeOnceOnFirstUseOwnerOnlyAndNeverPlainSha256() throws Exception {
    ValueDigestKey key = ValueDigestKey.in(state);
    Path file = state.resolve(ValueDigestKey.FILE);
    assertThat(file).as("nothing digested yet").doesNotExist();

    String digest = key.digest(bytes("one"));

    assertThat(file).exists();
    assertThat(Files.readAllBytes(file)).hasSize(32);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(digest).matches("[0-9a-f]{64}").isNotEqualTo(sha256("one"));
    assertThat(ValueDigestKey.in(state).digest(bytes("one"))).as("the same key next run").isEqualTo(digest);
    assertThat(ValueDigestKey.in(state).digest(bytes("two"))).isNotEqualTo(digest);
    try (var left = Files.list(state)) {
      assertThat(left).as("no temporary file left").containsExactly(file);
    }
  }

  @Test
  void aLostKeyIsMadeAnewAndDigestsDifferently() throws Exception {
    String before = ValueDigestKey.in(state).digest(bytes("one"));
    Files.delete(state.resolve(ValueDigestKey.FILE));

    assertThat(ValueDigestKey.in(state).digest(bytes("one"))).isNotEqualTo(before);
  }

  @Test
  void aDamagedKeyFileIsNotUsedNorReplacedSilently() throws Exception {
    Files.writeString(state.resolve(ValueDigestKey.FILE), "short");

    assertThatThrownBy(() -> ValueDigestKey.in(state).digest(bytes("one")))
        .hasMessageContaining(ValueDigestKey.FILE).hasMessageContaining("delete it");
  }

  @Test
  void aKeyInMemoryIsLongEnough() {
    assertThatThrownBy(() -> ValueDigestKey.of(new byte[16])).isInstanceOf(IllegalArgumentException.class);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes(text)));
  }
}
