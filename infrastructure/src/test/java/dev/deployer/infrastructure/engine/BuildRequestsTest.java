package dev.deployer.infrastructure.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a build sends the engine's classic builder ({@code POST /build}), seen through a recording HTTP client. */
class BuildRequestsTest {

  @TempDir
  Path context;

  final List<String> queries = new ArrayList<>();
  byte[] sentTar;
  DockerImages images;

  @BeforeEach
  void engine() throws IOException {
    Files.writeString(context.resolve("app.txt"), "app");
    Files.writeString(context.resolve("secret.txt"), "kept out by .dockerignore");
    Files.writeString(context.resolve(".dockerignore"), "*\n!app.txt\n");
    DockerHttpClient http = new DockerHttpClient() {
      @Override
      public Response execute(Request request) {
        if (request.path().contains("/build?")) {
          queries.add(request.path().substring(request.path().indexOf('?') + 1));
          try (InputStream body = request.body()) {
            sentTar = body.readAllBytes();
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
          return HttpResponses.json(200, "{\"stream\":\"Step 1/1 : FROM alpine:3.17\\n\"}\n{\"aux\":{\"ID\":\"sha256:b1\"}}\n"
              + "{\"stream\":\"Successfully built b1\\n\"}\n");
        }
        if (request.path().matches(".*/images/(sha256:)?b1/json.*")) {
          return HttpResponses.json(200, "{\"Id\":\"sha256:b1\"}");
        }
        return HttpResponses.json(404, "{\"message\":\"No such image\"}");
      }

      @Override
      public void close() {}
    };
    DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
        .withDockerHost("unix:///var/run/docker.sock").build();
    images = new DockerImages(DockerClientImpl.getInstance(config, http), new EngineCalls("unix:///var/run/docker.sock"));
  }

  @Test
  void everyKeyTheClassicBuilderTakesIsSentAsItsQueryParameter() {
    ImageBuild build = new ImageBuild(context, null, "FROM alpine:3.17\nRUN cat /etc/hosts\n", "runtime",
        List.of("h3-app:1", "h3-app:extra"), Map.of("team", "core"), Map.of("VERSION", "2"),
        List.of("h3-app:previous"), true, true, "host", 64L * 1024 * 1024, List.of("db:10.0.0.5"), "linux/amd64");

    assertThat(images.build(build, line -> { })).isEqualTo("sha256:b1");

    Map<String, List<String>> query = query(queries.get(0));
    assertThat(query.get("t")).containsExactlyInAnyOrder("h3-app:1", "h3-app:extra");
    assertThat(query.get("labels")).singleElement().asString().contains("\"team\":\"core\"")
        .contains("\"" + DockerImages.TARGET_LABEL + "\":\"runtime\"").contains(DockerImages.CONTEXT_LABEL);
    assertThat(query.get("buildargs")).containsExactly("{\"VERSION\":\"2\"}");
    assertThat(query.get("target")).containsExactly("runtime");
    assertThat(query.get("cachefrom")).containsExactly("[\"h3-app:previous\"]");
    assertThat(query.get("nocache")).containsExactly("true");
    assertThat(query.get("pull")).containsExactly("true");
    assertThat(query.get("networkmode")).containsExactly("host");
    assertThat(query.get("shmsize")).containsExactly(String.valueOf(64L * 1024 * 1024));
    assertThat(query.get("extrahosts")).containsExactly("db:10.0.0.5");
    assertThat(query.get("platform")).containsExactly("linux/amd64");
    assertThat(query.get("dockerfile")).singleElement().asString().startsWith(".dockerfile.");
  }

  /**
   * As {@code docker build -f -}: the inline Dockerfile goes in the tar under its own name, which the
   * tar's .dockerignore lists; the context's .dockerignore still applies; the context directory is untouched.
   */
  @Test
  void anInlineDockerfileTravelsInTheContextsTarAndNotInTheContextDirectory() throws IOException {
    ImageBuild build = new ImageBuild(context, null, "FROM alpine:3.17\n", null, List.of("h3-app:1"), Map.of(),
        Map.of(), List.of(), false, false, null, null, List.of(), null);

    images.build(build, line -> { });

    String dockerfile = query(queries.get(0)).get("dockerfile").get(0);
    Map<String, String> tar = entries(sentTar);
    assertThat(tar).containsEntry(dockerfile, "FROM alpine:3.17\n").containsEntry("app.txt", "app")
        .doesNotContainKey("secret.txt");
    // The context's .dockerignore ignores itself, so the tar's lists only the Dockerfile (and itself, as the CLI's does).
    assertThat(tar.get(".dockerignore")).isEqualTo(".dockerignore\n" + dockerfile + "\n");
    try (Stream<Path> files = Files.list(context)) {
      assertThat(files.map(file -> file.getFileName().toString()))
          .containsExactlyInAnyOrder("app.txt", "secret.txt", ".dockerignore");
    }
  }

  /** Compose reads a Dockerfile outside the context and sends it the same way (build_classic.go). */
  @Test
  void aDockerfileOutsideTheContextIsSentInItsTar() throws IOException {
    Files.writeString(context.resolve(".dockerignore"), "secret.txt\n");
    Path outside = Files.writeString(Files.createDirectories(context.resolveSibling(context.getFileName() + "-df"))
        .resolve("Dockerfile"), "FROM alpine:3.17\nLABEL outside=1\n");

    images.build(new ImageBuild(context, outside.toString(), null, List.of("h3-app:1"), Map.of(), Map.of()),
        line -> { });

    String dockerfile = query(queries.get(0)).get("dockerfile").get(0);
    assertThat(dockerfile).startsWith(".dockerfile.");
    assertThat(entries(sentTar)).containsEntry(dockerfile, "FROM alpine:3.17\nLABEL outside=1\n")
        .containsEntry(".dockerignore", "secret.txt\n\n" + dockerfile + "\n").doesNotContainKey("secret.txt");
  }

  @Test
  void aPlainBuildSendsTheContextsOwnDockerfileAndNoOptionsItDoesNotSet() throws IOException {
    Files.writeString(context.resolve(".dockerignore"), "secret.txt\n");
    Files.writeString(context.resolve("Dockerfile"), "FROM alpine:3.17\n");

    images.build(new ImageBuild(context, "Dockerfile", null, List.of("h3-app:1"), Map.of(), Map.of()), line -> { });

    Map<String, List<String>> query = query(queries.get(0));
    // docker-java leaves out the engine's default
    assertThat(query.getOrDefault("dockerfile", List.of("Dockerfile"))).containsExactly("Dockerfile");
    assertThat(query).doesNotContainKeys("cachefrom", "networkmode", "shmsize", "extrahosts", "platform", "target");
    assertThat(query.get("pull")).isNull();
    assertThat(entries(sentTar)).containsKeys("Dockerfile", "app.txt").doesNotContainKey("secret.txt");
  }

  /** As the docker CLI, a Dockerfile the .dockerignore leaves out is sent all the same (the engine drops it after reading it). */
  @Test
  void aDockerfileTheDockerignoreLeavesOutIsSentAllTheSame() throws IOException {
    Files.writeString(Files.createDirectories(context.resolve("docker")).resolve("Dockerfile"), "FROM alpine:3.17\n");

    images.build(new ImageBuild(context, "docker/Dockerfile", null, List.of("h3-app:1"), Map.of(), Map.of()),
        line -> { });

    assertThat(query(queries.get(0)).get("dockerfile")).containsExactly("docker/Dockerfile");
    assertThat(entries(sentTar).keySet()).containsExactlyInAnyOrder("docker/Dockerfile", "app.txt");
  }

  /**
   * The deployer's state directory inside the context never reaches the engine: not its files, not
   * its empty directories, not where a {@code !} pattern of the .dockerignore names it; the build says so.
   */
  @Test
  void aWithheldDirectoryIsNotSentWhateverTheDockerignoreSays() throws IOException {
    Files.writeString(context.resolve(".dockerignore"), "secret.txt\n!.deployer/compose/backups\n");
    Files.writeString(context.resolve("Dockerfile"), "FROM alpine:3.17\nCOPY . /ctx\n");
    Path state = context.resolve(".deployer/compose");
    Files.createDirectories(state.resolve("backups/r1"));
    Files.writeString(state.resolve("backups/r1/db.sql"), "INSERT INTO users VALUES ('secret')");
    Files.createDirectories(state.resolve("reports/empty"));
    // A name with pattern characters withholds itself only, not what the pattern would match.
    Files.writeString(Files.createDirectories(context.resolve("st[a]te*")).resolve("dump.sql"), "withheld");
    Files.writeString(Files.createDirectories(context.resolve("stateful")).resolve("kept.txt"), "sent");
    List<String> output = new ArrayList<>();

    images.build(new ImageBuild(context, "Dockerfile", null, List.of("h3-app:1"), Map.of(), Map.of())
        .withholding(List.of(state, context.resolve(".deployer"), context.resolve("st[a]te*"),
            context.resolve("missing"), context.resolveSibling("outside"), context)), output::add);

    assertThat(entries(sentTar).keySet()).containsExactlyInAnyOrder("Dockerfile", "app.txt", ".dockerignore",
        "stateful/kept.txt");
    assertThat(output).filteredOn(line -> line.startsWith("not sent")).containsExactly(
        "not sent with the context: .deployer (the deployer's state)",
        "not sent with the context: st[a]te* (the deployer's state)");
    assertThat(state.resolve("backups/r1/db.sql")).exists();
  }

  private static Map<String, List<String>> query(String query) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      params.computeIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), k -> new ArrayList<>())
          .add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return params;
  }

  private static Map<String, String> entries(byte[] tar) throws IOException {
    InputStream raw = new ByteArrayInputStream(tar);
    boolean gzip = tar.length > 1 && (tar[0] & 0xff) == 0x1f && (tar[1] & 0xff) == 0x8b;
    Map<String, String> entries = new LinkedHashMap<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(gzip ? new GZIPInputStream(raw) : raw)) {
      for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return entries;
  }
}
