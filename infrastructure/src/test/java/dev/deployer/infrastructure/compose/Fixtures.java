package dev.deployer.infrastructure.compose;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** Test fixtures under {@code src/test/resources/compose/}. */
final class Fixtures {

  private Fixtures() {}

  static Path path(String relative) {
    URL url = Fixtures.class.getResource("/compose/" + relative);
    if (url == null) {
      throw new IllegalArgumentException("no fixture compose/" + relative);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static ComposeProject load(String relative, Map<String, String> env, String... profiles)
      throws ComposeException {
    return new ComposeLoader(env).load(path(relative), Set.of(profiles));
  }

  static ComposeProject load(String relative) throws ComposeException {
    return load(relative, Map.of());
  }

  /** The error loading a fixture must raise. */
  static ComposeException failure(String relative, Map<String, String> env, String... profiles) {
    try {
      load(relative, env, profiles);
    } catch (ComposeException e) {
      return e;
    }
    throw new AssertionError("expected compose/" + relative + " to fail to load");
  }

  static ComposeException failure(String relative) {
    return failure(relative, Map.of());
  }
}
