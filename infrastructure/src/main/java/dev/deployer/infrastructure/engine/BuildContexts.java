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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A fingerprint of what an image build would start from: every file of the context by path, size
 * and modification time (all of them, .dockerignore'd or not, so it errs towards rebuilding), the
 * Dockerfile's text, the ids of its base images, the build arguments and the labels.
 */
final class BuildContexts {

  private BuildContexts() {}

  static String fingerprint(Path context, String dockerfile, Map<String, String> buildArgs,
      Map<String, String> labels, Function<String, String> imageIds) {
    MessageDigest digest = sha256();
    try (Stream<Path> files = Files.walk(context)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        update(digest, "file " + context.relativize(file) + " " + attributes.size() + " "
            + attributes.lastModifiedTime().toMillis());
      }
      List<String> lines = Files.readAllLines(context.resolve(dockerfile));
      for (String line : lines) {
        update(digest, "dockerfile " + line);
        String[] words = line.strip().split("\\s+");
        if (words.length > 1 && words[0].equalsIgnoreCase("FROM")) {
          update(digest, "base " + words[1] + " " + imageIds.apply(words[1]));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the build context " + context, e);
    }
    new TreeMap<>(buildArgs).forEach((key, value) -> update(digest, "arg " + key + "=" + value));
    new TreeMap<>(labels).forEach((key, value) -> update(digest, "label " + key + "=" + value));
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
