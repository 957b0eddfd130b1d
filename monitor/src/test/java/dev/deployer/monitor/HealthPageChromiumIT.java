package dev.deployer.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.deployer.infrastructure.check.HttpCheck;
import dev.deployer.infrastructure.event.EventSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A health page from a real monitor run (HTTP checks against a local server that fails every
 * third answer), rendered by headless Chromium: it loads, the charts are there and hold data,
 * and the screenshot shows the pass, fail and series colours. scripts/test.sh installs Chromium.
 */
class HealthPageChromiumIT {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @TempDir
  static Path work;

  static HttpServer server;
  static Path page;

  @BeforeAll
  static void monitorALocalServiceAndWriteTheReport() throws IOException {
    AtomicInteger answers = new AtomicInteger();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/health", exchange -> {
      boolean up = answers.incrementAndGet() % 3 != 0;
      byte[] body = ("{\"status\":\"" + (up ? "UP" : "DOWN") + "\"}").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(up ? 200 : 503, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/health";
    OkHttpClient http = new OkHttpClient();
    List<MonitoredCheck> checks = List.of(
        MonitoredCheck.health(new HttpCheck("readiness api", Levels.SERVICE, url, 200, Map.of("status", "UP"),
            Duration.ofSeconds(2), http, Map.of())),
        MonitoredCheck.metrics(new HttpCheck("probe api", Levels.APPLICATION, url, 200, Map.of(),
            Duration.ofSeconds(2), http, Map.of())));
    MonitorSettings settings = new MonitorSettings("it", "scheduler-mon", Duration.ofMillis(100),
        Duration.ofMillis(250), 100, false, Duration.ofMinutes(1), Duration.ofSeconds(5), 500, 3, Duration.ofMinutes(2));
    MonitorService service = new MonitorService(settings, checks, null, List.of(), request -> null,
        new MonitorMetrics(new SimpleMeterRegistry()), EventSink.NONE, Clock.systemUTC());
    service.start();
    await().atMost(Duration.ofSeconds(30)).until(() -> answers.get() >= 40);
    service.close();
    page = new HealthReports(work.resolve("state"), Map.of(), Duration.ofDays(7), Clock.systemUTC()).write(service.report("20260101T000000Z-monitor")).html();
  }

  @AfterAll
  static void stopServer() {
    server.stop(0);
  }

  @Test
  void chromiumRendersTheChartsWithData() throws Exception {
    String dom = chromium("--dump-dom", page.toUri().toString());

    assertThat(dom).contains("<svg id=\"latency-chart\"").contains("<svg id=\"outcome-chart\"")
        .contains("<svg id=\"alert-timeline\"");
    Matcher points = Pattern.compile("data-check=\"readiness api\" data-points=\"(\\d+)\"").matcher(dom);
    assertThat(points.find()).as("latency series of readiness api").isTrue();
    assertThat(Integer.parseInt(points.group(1))).isGreaterThan(10);
    assertThat(count(dom, "class=\"outcome fail\"")).isPositive();
    assertThat(count(dom, "class=\"outcome pass\"")).isPositive();
    assertThat(count(dom, "class=\"alert firing\"")).isPositive();
    assertThat(count(dom, "class=\"alert resolved\"")).isPositive();
  }

  @Test
  void theScreenshotShowsPassFailAndSeriesColours() throws Exception {
    Path shot = work.resolve("page.png");
    chromium("--window-size=1000,1400", "--screenshot=" + shot, page.toUri().toString());

    BufferedImage image = ImageIO.read(shot.toFile());
    assertThat(pixels(image, HealthCharts.PASS)).as("green pass marks").isGreaterThan(50);
    assertThat(pixels(image, HealthCharts.FAIL)).as("red fail marks").isGreaterThan(50);
    assertThat(pixels(image, HealthCharts.PALETTE[0])).as("first latency line").isGreaterThan(20);
  }

  private static String chromium(String... arguments) throws IOException, InterruptedException {
    assertThat(CHROMIUM).as("Chromium is missing: scripts/test.sh installs it (apt-get install chromium)").isExecutable();
    List<String> command = new java.util.ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--user-data-dir=" + Files.createTempDirectory(work, "chromium")));
    command.addAll(List.of(arguments));
    Path output = Files.createTempFile(work, "chromium", ".out");
    Process process = new ProcessBuilder(command).redirectOutput(output.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("chromium did not finish within 90 s");
    }
    assertThat(process.exitValue()).as("chromium exit status").isZero();
    return Files.readString(output);
  }

  private static int count(String text, String needle) {
    int count = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      count++;
    }
    return count;
  }

  /** Pixels within a small distance of the colour, allowing for anti-aliasing. */
  private static int pixels(BufferedImage image, String hex) {
    int target = Integer.parseInt(hex.substring(1), 16);
    int count = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        int distance = Math.abs(((rgb >> 16) & 0xff) - ((target >> 16) & 0xff))
            + Math.abs(((rgb >> 8) & 0xff) - ((target >> 8) & 0xff)) + Math.abs((rgb & 0xff) - (target & 0xff));
        count += distance < 30 ? 1 : 0;
      }
    }
    return count;
  }
}
