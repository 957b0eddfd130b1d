package dev.deployer.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RingBufferTest {

  @Test
  void keepsOnlyTheNewestItems() {
    RingBuffer<Integer> buffer = new RingBuffer<>(3);
    for (int i = 1; i <= 10_000; i++) {
      buffer.add(i);
    }

    assertThat(buffer.snapshot()).containsExactly(9998, 9999, 10000);
    assertThat(buffer.size()).isEqualTo(3);
    assertThat(buffer.added()).isEqualTo(10_000);
  }

  @Test
  void needsRoomForOne() {
    assertThatThrownBy(() -> new RingBuffer<>(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
