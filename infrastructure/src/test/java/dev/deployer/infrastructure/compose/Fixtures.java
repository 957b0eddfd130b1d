package dev.deployer.infrastructure.compose;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

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
}
