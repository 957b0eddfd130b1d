package dev.deployer.infrastructure.compose;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keyed digests ({@link ValueDigestKey}) of the resolved values of a service's granted secrets and configs, so a rotated
 * value changes the service's config hash while the value itself is never part of it: an
 * environment variable's value, inline content, or a host file's bytes. A file source is digested
 * too although its bind mount shows a change at once: a process that read it when it started keeps
 * the old value, so its container is recreated, as it is for the other sources. An external source
 * (a Swarm's own) has no value here, nor has a missing file (the pre-deployment checks refuse it); a
 * file that exists but cannot be read digests as {@code unreadable}, and the engine's bind mount then
 * decides.
 */
final class SourceDigests {

  private SourceDigests() {}

  /** Grant source key to the digest of its value; empty for a service without grants. */
  static Map<String, String> of(List<ServiceOptions.FileGrant> grants, ValueDigestKey key) {
    Map<String, String> digests = new TreeMap<>();
    for (ServiceOptions.FileGrant grant : grants) {
      byte[] value = value(grant.from());
      if (value != null) {
        digests.put(grant.source(), key.digest(value));
      }
    }
    return digests;
  }

  private static byte[] value(FileSource source) {
    return switch (source.kind()) {
      case ENVIRONMENT, CONTENT -> source.value() == null ? null
          : source.value().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      case FILE -> read(source);
      case EXTERNAL -> null;
    };
  }

  private static byte[] read(FileSource source) {
    try {
      return Files.isRegularFile(source.file()) ? Files.readAllBytes(source.file()) : null;
    } catch (IOException e) {
      return "unreadable".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
