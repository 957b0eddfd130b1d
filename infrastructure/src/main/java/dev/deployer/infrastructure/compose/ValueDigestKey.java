package dev.deployer.infrastructure.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key of the HMAC-SHA256 digests a secret's or config's value goes into a config hash with: a
 * plain digest of a short password in a container label could be reversed by trying candidates,
 * one keyed with 32 random bytes cannot without the key. The key is a file of the state directory
 * (0600), made on the first digest, so a stack without secrets or configs leaves none behind; a
 * deleted key is made anew, and containers with secrets or configs are then recreated once.
 */
public final class ValueDigestKey {

  static final String FILE = "value-digests.key";
  private static final int LENGTH = 32;
  private static final String ALGORITHM = "HmacSHA256";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path file;
  private byte[] key;

  private ValueDigestKey(Path file, byte[] key) {
    this.file = file;
    this.key = key;
  }

  /** The key of {@code stateDirectory}, read (or made) when a value is first digested. */
  public static ValueDigestKey in(Path stateDirectory) {
    return new ValueDigestKey(stateDirectory.resolve(FILE), null);
  }

  /** A key held in memory only (tests, and callers that digest for one run). */
  public static ValueDigestKey of(byte[] key) {
    if (key.length < LENGTH) {
      throw new IllegalArgumentException("a value digest key has at least " + LENGTH + " bytes");
    }
    return new ValueDigestKey(null, key.clone());
  }

  /** HMAC-SHA256 of {@code value} under this key, hex. */
  public String digest(byte[] value) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key(), ALGORITHM));
      return HexFormat.of().formatHex(mac.doFinal(value));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  private synchronized byte[] key() {
    if (key == null) {
      key = readOrCreate(file);
    }
    return key;
  }

  /** Reads the key file, or writes a new one; of two runs that write at once, the first one's stays. */
  private static byte[] readOrCreate(Path file) {
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.getParent());
        byte[] fresh = new byte[LENGTH];
        RANDOM.nextBytes(fresh);
        Path temporary = posix()
            ? Files.createTempFile(file.getParent(), FILE, ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
            : Files.createTempFile(file.getParent(), FILE, ".tmp");
        try {
          Files.write(temporary, fresh);
          Files.createLink(file, temporary);
        } catch (FileAlreadyExistsException e) {
          // another run made it meanwhile: its key is the one
        } finally {
          Files.deleteIfExists(temporary);
        }
      }
      byte[] stored = Files.readAllBytes(file);
      if (stored.length != LENGTH) {
        throw new IllegalStateException(file + " is not a value digest key (" + stored.length + " bytes, not "
            + LENGTH + "); delete it and a new one is made (containers with secrets or configs are then"
            + " recreated once)");
      }
      return stored;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or make the value digest key " + file, e);
    }
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  @Override
  public String toString() {
    return "ValueDigestKey[" + (file == null ? "in memory" : file) + "]";
  }
}
