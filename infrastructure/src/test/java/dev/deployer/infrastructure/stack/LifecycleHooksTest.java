package dev.deployer.infrastructure.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.infrastructure.compose.ServiceHook;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.EngineException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Compose's runHook: each hook an exec with the hook's own options, in order, the first failure ending the run. */
class LifecycleHooksTest {

  final List<List<String>> ran = new ArrayList<>();
  final List<ContainerEngine.ExecOptions> options = new ArrayList<>();

  ContainerEngine engine(Function<List<String>, ContainerEngine.ExecResult> answer) {
    return (ContainerEngine) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ContainerEngine.class},
        (proxy, method, args) -> {
          if (method.getName().equals("exec") && args.length == 4) {
            @SuppressWarnings("unchecked")
            List<String> command = (List<String>) args[1];
            ran.add(command);
            options.add((ContainerEngine.ExecOptions) args[2]);
            return answer.apply(command);
          }
          throw new UnsupportedOperationException(method.getName());
        });
  }

  @Test
  void hooksRunInOrderWithTheirOwnUserPrivilegesDirectoryAndEnvironment() {
    List<String> output = new ArrayList<>();
    ServiceHook first = new ServiceHook(List.of("chown", "app", "/data"), "root", true, "/data", Map.of("A", "1"));
    ServiceHook second = new ServiceHook(List.of("echo", "hi"), null, false, null, Map.of());

    LifecycleHooks.run(engine(command -> new ContainerEngine.ExecResult(0, "line " + command.get(0) + "\n", "")),
        "c1", "web", "post_start", List.of(first, second), Duration.ofSeconds(5), output::add);

    assertThat(ran).containsExactly(List.of("chown", "app", "/data"), List.of("echo", "hi"));
    assertThat(options).containsExactly(new ContainerEngine.ExecOptions("root", true, "/data", Map.of("A", "1")),
        new ContainerEngine.ExecOptions(null, false, null, Map.of()));
    assertThat(output).containsExactly("web post_start: line chown", "web post_start: line echo");
  }

  @Test
  void theFirstFailingHookStopsTheRestWithItsStatusAndError() {
    ServiceHook failing = new ServiceHook(List.of("sh", "-c", "exit 3"), null, false, null, Map.of());
    ServiceHook never = new ServiceHook(List.of("true"), null, false, null, Map.of());

    assertThatThrownBy(() -> LifecycleHooks.run(engine(command -> new ContainerEngine.ExecResult(3, "", "no db\n")),
        "c1", "web", "pre_stop", List.of(failing, never), Duration.ofSeconds(5), line -> { }))
        .isInstanceOf(LifecycleHooks.HookFailedException.class)
        .hasMessage("service web: pre_stop hook [sh, -c, exit 3] exited with status 3: no db");
    assertThat(ran).hasSize(1);
  }

  @Test
  void aHookTheEngineCannotRunFailsWithTheEnginesReason() {
    ServiceHook hook = new ServiceHook(List.of("id"), "nobody", false, null, Map.of());

    assertThatThrownBy(() -> LifecycleHooks.run(engine(command -> {
      throw new EngineException("cannot run [id] in c1: unable to find user nobody");
    }), "c1", "web", "post_start", List.of(hook), Duration.ofSeconds(5), line -> { }))
        .isInstanceOf(LifecycleHooks.HookFailedException.class)
        .hasMessage("service web: post_start hook [id] could not run: cannot run [id] in c1: unable to find user nobody");
  }
}
