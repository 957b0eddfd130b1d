package dev.deployer.infrastructure.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A fingerprint of what an image build would start from: every file of the context by path, size
 * and modification time (all of them, .dockerignore'd or not, so it errs towards rebuilding), the
 * Dockerfile's text, the ids of its base images, the build arguments, the labels, and what its RUN
 * steps see (network, /dev/shm size, extra hosts, platform).
 */
final class BuildContexts {

  private BuildContexts() {}

  static String fingerprint(ImageBuild build, String dockerfileText, Function<String, String> imageIds) {
    MessageDigest digest = sha256();
    Path context = build.context();
    try (Stream<Path> files = Files.walk(context)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        update(digest, "file " + context.relativize(file) + " " + attributes.size() + " "
            + attributes.lastModifiedTime().toMillis());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the build context " + context, e);
    }
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
