package dev.deployer.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The git commit the stack's files are at, if they are in a work tree and git is installed. */
final class GitRevision {

  private GitRevision() {}

  static String of(Path directory) {
    try {
      Process git = new ProcessBuilder("git", "-C", directory.toString(), "rev-parse", "--short=12", "HEAD")
          .redirectErrorStream(false).start();
      git.getOutputStream().close();
      if (!git.waitFor(5, TimeUnit.SECONDS)) {
        git.destroyForcibly();
        return null;
      }
      String revision = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return git.exitValue() == 0 && !revision.isEmpty() ? revision : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
