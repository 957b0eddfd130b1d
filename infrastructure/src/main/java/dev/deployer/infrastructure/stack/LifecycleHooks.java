package dev.deployer.infrastructure.stack;

import dev.deployer.infrastructure.compose.ServiceHook;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.EngineException;
import dev.deployer.infrastructure.engine.EngineUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a service's {@code post_start} or {@code pre_stop} hooks in its container, one after the
 * other, as Compose does: the first that exits non-zero stops the rest and fails the start (or the
 * stop) with its status.
 */
public final class LifecycleHooks {

  private LifecycleHooks() {}

  /** {@code key}: "post_start" or "pre_stop", for the messages; {@code output}: each line the hooks print. */
  public static void run(ContainerEngine engine, String containerId, String service, String key,
      List<ServiceHook> hooks, Duration timeout, Consumer<String> output) {
    for (ServiceHook hook : hooks) {
      ContainerEngine.ExecResult result;
      try {
        result = engine.exec(containerId, hook.command(),
            new ContainerEngine.ExecOptions(hook.user(), hook.privileged(), hook.workingDir(), hook.environment()),
            timeout);
      } catch (EngineUnavailableException e) {
        throw e;
      } catch (EngineException e) {
        throw new HookFailedException(service, key, hook, "could not run: " + e.getMessage());
      }
      (result.stdout() + result.stderr()).lines().filter(line -> !line.isBlank())
          .forEach(line -> output.accept(service + " " + key + ": " + line));
      if (result.exitCode() != 0) {
        throw new HookFailedException(service, key, hook, result);
      }
    }
  }

  /** A hook that exited non-zero: Compose's "{service} hook exited with status N", with the command and its stderr. */
  public static final class HookFailedException extends EngineException {

    HookFailedException(String service, String key, ServiceHook hook, ContainerEngine.ExecResult result) {
      this(service, key, hook, "exited with status " + result.exitCode()
          + (result.stderr().isBlank() ? "" : ": " + result.stderr().strip()));
    }

    HookFailedException(String service, String key, ServiceHook hook, String what) {
      super("service " + service + ": " + key + " hook " + hook.command() + " " + what);
    }
  }
}
