package dev.deployer.infrastructure.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

/**
 * A fingerprint of what an image build would start from: the context's files that its tar carries
 * to the engine (.dockerignore applied, withheld directories left out: see {@link ContextTars}) by
 * path, size, modification time and executable bit,
 * the Dockerfile's text, the ids of its base images, the build arguments, the labels, and what its
 * RUN steps see (network, /dev/shm size, extra hosts, platform). A file the engine is not sent
 * cannot change the image, and so does not change the fingerprint.
 */
final class BuildContexts {

  private BuildContexts() {}

  /** {@code files}: the build's {@link ContextTars.Scan#files()}. */
  static String fingerprint(ImageBuild build, List<String> files, String dockerfileText,
      Function<String, String> imageIds) {
    MessageDigest digest = sha256();
    files.forEach(file -> update(digest, "file " + file));
    for (String line : dockerfileText.lines().toList()) {
      update(digest, "dockerfile " + line);
      String[] words = line.strip().split("\\s+");
      if (words.length > 1 && words[0].equalsIgnoreCase("FROM")) {
        update(digest, "base " + words[1] + " " + imageIds.apply(words[1]));
      }
    }
    build.args().forEach((key, value) -> update(digest, "arg " + key + "=" + value));
    build.labels().forEach((key, value) -> update(digest, "label " + key + "=" + value));
    // What RUN steps see can change what they write into the image.
    for (String setting : new String[] {"network " + build.network(), "shm " + build.shmSize(),
        "hosts " + build.extraHosts(), "platform " + build.platform()}) {
      update(digest, setting);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static void update(MessageDigest digest, String text) {
    digest.update(text.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) '\n');
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
