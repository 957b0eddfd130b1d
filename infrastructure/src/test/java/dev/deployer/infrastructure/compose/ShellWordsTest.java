package dev.deployer.infrastructure.compose;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShellWordsTest {

  @Test
  void splitsLikeComposeDoes() {
    assertThat(ShellWords.split("echo \"hello world\" 'a b' c\\ d  e"))
        .containsExactly("echo", "hello world", "a b", "c d", "e");
    assertThat(ShellWords.split("sh -c 'echo $HOME && ls'")).containsExactly("sh", "-c", "echo $HOME && ls");
    assertThat(ShellWords.split("say \"it's \\\"fine\\\"\"")).containsExactly("say", "it's \"fine\"");
    assertThat(ShellWords.split("a '' b")).containsExactly("a", "", "b");
    assertThat(ShellWords.split("   ")).isEmpty();
  }

  @Test
  void openQuotesAreRejected() {
    assertThat(ShellWords.split("echo 'open")).isNull();
    assertThat(ShellWords.split("echo \"open")).isNull();
    assertThat(ShellWords.split("echo \\")).isNull();
  }
}
