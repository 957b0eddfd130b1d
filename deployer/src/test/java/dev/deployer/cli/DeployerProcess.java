package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@code java -jar deployer.jar ARGS} (the shaded jar {@code mvn package} built) as a child process, its output collected. */
final class DeployerProcess {

  final Process process;
  private final StringBuffer output = new StringBuffer();
  private final CompletableFuture<Void> reader;

  private DeployerProcess(Process process) {
    this.process = process;
    this.reader = CompletableFuture.runAsync(() -> {
      try (BufferedReader lines = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          output.append(line).append('\n');
        }
      } catch (IOException e) {
        output.append("(output unreadable: ").append(e).append(")\n");
      }
    });
  }

  /**
   * Starts the deployer in {@code directory} (null: this one) with {@code environment} added to
   * this process's (a null value removes the variable).
   */
  static DeployerProcess start(Path directory, Map<String, String> environment, List<String> args) throws IOException {
    Path jar = DeployAndVerifyIT.TestStack.repositoryRoot().resolve("deployer/target/deployer.jar");
    assertThat(jar).as("the shaded jar; run through mvn verify").exists();
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"), "-jar", jar.toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (directory != null) {
      builder.directory(directory.toFile());
    }
    environment.forEach((name, value) -> {
      if (value == null) {
        builder.environment().remove(name);
      } else {
        builder.environment().put(name, value);
      }
    });
    return new DeployerProcess(builder.start());
  }

  void awaitLine(String text, Duration timeout) {
    await().atMost(timeout).pollInterval(Duration.ofMillis(100))
        .failFast("the deployer ended first:\n" + output, () -> !process.isAlive())
        .until(() -> output.toString().contains(text));
  }

  int waitFor(Duration timeout) throws Exception {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the deployer did not end within " + timeout + ":\n" + output);
    }
    reader.get(10, TimeUnit.SECONDS);
    return process.exitValue();
  }

  String output() {
    return output.toString();
  }
}
