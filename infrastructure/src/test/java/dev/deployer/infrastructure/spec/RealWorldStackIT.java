package dev.deployer.infrastructure.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.deployer.infrastructure.compose.ComposeLoader;
import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.stack.ContainerSpecFactory;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real-world file 01 (haproxy in front of redis, postgres beside them), phase up on local images:
 * every service runs, and a redis PING through the proxy's published port 31081 answers PONG.
 * Project specit-rw1.
 */
class RealWorldStackIT {

  private static SpecStack stack;

  @BeforeAll
  static void up() throws Exception {
    Path file = Path.of(RealWorldStackIT.class.getResource("/conformance/realworld/01-haproxy-redis-postgres/compose.yaml")
        .toURI());
    stack = SpecStack.up(new ComposeLoader(Map.of()).load(file, Set.of()));
  }

  @AfterAll
  static void down() {
    if (stack != null) {
      stack.down();
    }
  }

  @Test
  void everyServiceRunsAndTheProxyReachesTheCache() {
    for (String service : List.of("proxy", "cache", "db")) {
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
          stack.engine().container(ContainerSpecFactory.containerName(stack.project(), service, 1)).map(ContainerInfo::running))
          .as(service).contains(true));
    }
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> assertThat(ping()).startsWith("+PONG"));
  }

  private static String ping() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", 31081)) {
      socket.setSoTimeout(2000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[16];
      int n = in.read(buffer);
      return n < 0 ? "" : new String(buffer, 0, n, StandardCharsets.US_ASCII);
    }
  }
}
