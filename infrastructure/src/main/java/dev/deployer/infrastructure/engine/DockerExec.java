package dev.deployer.infrastructure.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Commands run inside containers: output as text, streamed to a file, or fed from a file. */
final class DockerExec {

  private final DockerClient client;
  private final EngineCalls calls;

  DockerExec(DockerClient client, EngineCalls calls) {
    this.client = client;
    this.calls = calls;
  }

  ContainerEngine.ExecResult exec(String id, List<String> command, Duration timeout) {
    return exec(id, command, ContainerEngine.ExecOptions.NONE, timeout);
  }

  ContainerEngine.ExecResult exec(String id, List<String> command, ContainerEngine.ExecOptions options,
      Duration timeout) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ContainerEngine.ExecResult result = stream(id, command, options, out, timeout);
    return new ContainerEngine.ExecResult(result.exitCode(), out.toString(StandardCharsets.UTF_8), result.stderr());
  }

  ContainerEngine.ExecResult execToFile(String id, List<String> command, Path stdout, Duration timeout) {
    try (OutputStream file = Files.newOutputStream(stdout)) {
      return stream(id, command, ContainerEngine.ExecOptions.NONE, file, timeout);
    } catch (IOException e) {
      throw new EngineException("cannot write " + stdout + ": " + e.getMessage(), e);
    }
  }

  /**
   * Runs a command reading {@code stdin} from a file. The file is copied into the container and
   * redirected there by {@code sh}: an exec's attached stdin is never half-closed by the HTTP
   * transport, so a command reading it to the end (psql) would wait forever for end-of-file.
   */
  ContainerEngine.ExecResult execWithInput(String id, List<String> command, Path stdin, Duration timeout) {
    String staged = "/tmp/" + stdin.getFileName();
    calls.run(() -> client.copyArchiveToContainerCmd(id).withHostResource(stdin.toString()).withRemotePath("/tmp")
        .exec());
    List<String> redirected = new java.util.ArrayList<>(List.of("sh", "-c",
        "input=\"$0\"; \"$@\" < \"$input\"; status=$?; rm -f \"$input\"; exit $status", staged));
    redirected.addAll(command);
    return exec(id, redirected, timeout);
  }

  /** Runs a command with stdout going, as raw bytes, to {@code stdout}; stderr is collected as text. */
  private ContainerEngine.ExecResult stream(String id, List<String> command, ContainerEngine.ExecOptions options,
      OutputStream stdout, Duration timeout) {
    var create = client.execCreateCmd(id).withCmd(command.toArray(String[]::new))
        .withAttachStdout(true).withAttachStderr(true);
    if (options.user() != null) {
      create.withUser(options.user());
    }
    if (options.privileged()) {
      create.withPrivileged(true);
    }
    if (options.workingDir() != null) {
      create.withWorkingDir(options.workingDir());
    }
    if (!options.environment().isEmpty()) {
      create.withEnv(options.environment().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }
    String execId;
    try {
      execId = calls.call(create::exec).getId();
    } catch (com.github.dockerjava.api.exception.DockerException e) {
      // The engine's refusal (no such user, container not running) as its own words.
      throw new EngineException("cannot run " + command + " in " + id + ": " + e.getMessage().strip(), e);
    }
    StringBuilder err = new StringBuilder();
    IOException[] writeFailure = new IOException[1];
    try {
      boolean done = client.execStartCmd(execId).exec(new ResultCallback.Adapter<Frame>() {
        @Override
        public void onNext(Frame frame) {
          synchronized (err) {
            if (frame.getStreamType() == StreamType.STDERR) {
              err.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
            } else if (writeFailure[0] == null) {
              try {
                stdout.write(frame.getPayload());
              } catch (IOException e) {
                writeFailure[0] = e;
              }
            }
          }
        }
      }).awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!done) {
        throw new EngineException("command " + command + " in " + id + " did not finish within " + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("interrupted while running " + command + " in " + id, e);
    }
    synchronized (err) {
      if (writeFailure[0] != null) {
        throw new EngineException("cannot write the output of " + command + ": " + writeFailure[0].getMessage(),
            writeFailure[0]);
      }
      Long exitCode = calls.call(() -> client.inspectExecCmd(execId).exec()).getExitCodeLong();
      return new ContainerEngine.ExecResult(exitCode == null ? -1 : exitCode.intValue(), "", err.toString());
    }
  }
}
