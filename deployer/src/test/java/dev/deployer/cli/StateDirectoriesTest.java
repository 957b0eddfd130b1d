package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.engine.ContainerEngine;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class StateDirectoriesTest {

  @CommandLine.Command(name = "any")
  static final class AnyCommand {
    @CommandLine.Mixin
    StackOptions stack;
  }

  /** StackOptions as picocli fills them, with an engine whose id is {@code engineId}. */
  static StackOptions options(String engineId, String... args) {
    AnyCommand command = new AnyCommand();
    new CommandLine(command).parseArgs(args);
    StackOptions options = command.stack;
    options.engines = settings -> (ContainerEngine) Proxy.newProxyInstance(StateDirectoriesTest.class.getClassLoader(),
        new Class<?>[] {ContainerEngine.class}, (proxy, method, arguments) -> switch (method.getName()) {
          case "info" -> new ContainerEngine.EngineInfo("20.10", "1.41", "linux", "/", false, engineId);
          case "close" -> null;
          default -> throw new UnsupportedOperationException(method.getName());
        });
    return options;
  }

  @Test
  void withoutStateDirTheStateIsTheTargetsWhateverTheWorkingDirectory() {
    Map<String, String> environment = Map.of("HOME", "/home/op");

    Path state = options("ABCD:EFGH:IJKL", "--env", "staging").request(environment).stateDirectory();

    assertThat(state).isEqualTo(Path.of("/home/op/.local/state/deployer/ABCD-EFGH-IJKL/scheduler-staging"));
    assertThat(options("ABCD:EFGH:IJKL", "--env", "staging").request(Map.of("XDG_STATE_HOME", "/var/lib/ci"))
        .stateDirectory()).isEqualTo(Path.of("/var/lib/ci/deployer/ABCD-EFGH-IJKL/scheduler-staging"));
  }

  @Test
  void theDefaultConfigIsTheInstallationsNotTheWorkingDirectorys() {
    Path config = options("id").request(Map.of("HOME", "/home/op")).configFile();

    assertThat(config).isAbsolute().isEqualTo(DeployAndVerifyIT.TestStack.repositoryRoot()
        .resolve("infrastructure/config/deployment_config.yaml").toAbsolutePath().normalize());
  }

  @Test
  void aNamedStateDirectoryWinsAndNeedsNoEngine() {
    StackOptions options = options("unused", "--env", "local", "--state-dir", "/srv/state");
    options.engines = settings -> {
      throw new AssertionError("no engine for a named state directory");
    };

    assertThat(options.request(Map.of("DEPLOYER_STATE_DIR", "/elsewhere")).stateDirectory())
        .isEqualTo(Path.of("/srv/state/local"));
    assertThat(options("unused", "--env", "local").request(Map.of("DEPLOYER_STATE_DIR", "/elsewhere")).stateDirectory())
        .isEqualTo(Path.of("/elsewhere/local"));
  }

  @Test
  void engineIdsBecomeSafePathComponents() {
    assertThat(StateDirectories.safe("ABCD:EF/GH")).isEqualTo("ABCD-EF-GH");
    assertThat(StateDirectories.safe("..")).isEqualTo("_..");
  }
}
