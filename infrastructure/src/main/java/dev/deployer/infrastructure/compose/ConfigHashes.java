package dev.deployer.infrastructure.compose;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A service's config hash: the SHA-256 of its {@link ComposeJson} form, canonical (map keys
 * sorted), less what is no reason to recreate a container. A container carries it as a label and
 * a release records it, so a deploy can tell which containers must change.
 */
public final class ConfigHashes {

  private static final ObjectMapper CANONICAL =
      new ObjectMapper()
          .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private ConfigHashes() {}

  /**
   * SHA-256 of the service's canonical JSON. The replica count and the pull policy are left out:
   * scaling, or how an image is fetched, is not a reason to recreate containers (Compose's
   * ServiceHash does the same); a pull that brings another image changes the image id instead.
   * The values of the granted secrets and configs are not part of it: {@link #configHash(ComposeService,
   * ValueDigestKey)} adds them.
   */
  public static String configHash(ComposeService service) {
    return hash(service, null);
  }

  /**
   * As {@link #configHash(ComposeService)}, with the keyed digests of the granted secrets' and
   * configs' values added (never the values, and never printed by {@link ComposeJson#project}), so
   * a rotated value recreates the container while an unchanged one leaves it alone. The digests are keyed so
   * the hash, a container label anyone with access to the engine reads, cannot be used to try
   * guesses at a short secret.
   */
  public static String configHash(ComposeService service, ValueDigestKey key) {
    return hash(service, Objects.requireNonNull(key, "key"));
  }

  private static String hash(ComposeService service, ValueDigestKey key) {
    Map<String, Object> json = ComposeJson.service(service);
    if (key != null) {
      Map<String, Object> values = new TreeMap<>();
      ServiceOptionsJson.putIfSet(values, "secrets", SourceDigests.of(service.options().secrets(), key));
      ServiceOptionsJson.putIfSet(values, "configs", SourceDigests.of(service.options().configs(), key));
      ServiceOptionsJson.putIfSet(json, "x-deployer-value-digests", values);
    }
    json.remove("pull_policy");
    json.remove("pull_refresh_after");
    if (json.get("deploy") instanceof Map<?, ?> deploy && deploy.containsKey("replicas")) {
      Map<Object, Object> copy = new TreeMap<>(deploy);
      copy.remove("replicas");
      json.put("deploy", copy);
    }
    return sha256(canonical(json));
  }

  /** Compact JSON with map keys sorted, the form that is hashed. */
  public static String canonical(Object tree) {
    try {
      return CANONICAL.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise compose model", e);
    }
  }

  static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
