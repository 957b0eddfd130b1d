package dev.deployer.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.deployer.infrastructure.engine.EngineEvent;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventWatcherTest {

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final List<EngineEvent> received = new CopyOnWriteArrayList<>();
  private final List<String> drops = new CopyOnWriteArrayList<>();
  private final AtomicInteger reconnects = new AtomicInteger();
  private final List<Consumer<EngineEvent>> listeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<Throwable>> errors = new CopyOnWriteArrayList<>();
  private final AtomicInteger closed = new AtomicInteger();
  private final AtomicInteger refusals = new AtomicInteger();

  private final EventSource source = (listener, onError) -> {
    if (refusals.getAndDecrement() > 0) {
      throw new IllegalStateException("engine unreachable");
    }
    listeners.add(listener);
    errors.add(onError);
    return closed::incrementAndGet;
  };

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  @Test
  void deliversEventsAndResubscribesWhenTheStreamDrops() {
    EventWatcher watcher = watcher();
    watcher.start();
    listeners.get(0).accept(event("die"));

    errors.get(0).accept(new IOException("connection reset"));
    await().atMost(Duration.ofSeconds(5)).until(() -> listeners.size() == 2);
    listeners.get(1).accept(event("start"));
    listeners.get(0).accept(event("stale"));

    assertThat(received).extracting(EngineEvent::action).containsExactly("die", "start");
    assertThat(drops).singleElement().asString().contains("connection reset");
    assertThat(reconnects).hasValue(1);
    assertThat(watcher.reconnects()).isEqualTo(1);
    assertThat(closed).hasValue(1);
    watcher.close();
    assertThat(closed).hasValue(2);
  }

  @Test
  void keepsTryingWhileTheEngineRefuses() {
    refusals.set(3);
    EventWatcher watcher = watcher();

    watcher.start();

    await().atMost(Duration.ofSeconds(5)).until(() -> listeners.size() == 1);
    assertThat(drops).hasSize(3);
    watcher.close();
  }

  @Test
  void theErrorOfAStreamItClosedItselfIsIgnored() {
    EventWatcher watcher = watcher();
    watcher.start();
    watcher.close();

    errors.get(0).accept(new IOException("closed"));

    assertThat(drops).isEmpty();
    assertThat(listeners).hasSize(1);
  }

  private EventWatcher watcher() {
    return new EventWatcher(source, received::add, scheduler, drops::add, reconnects::incrementAndGet,
        Duration.ofMillis(10), Duration.ofMillis(50));
  }

  private static EngineEvent event(String action) {
    return new EngineEvent(Instant.now(), "abc", action, Map.of("com.docker.compose.service", "redis"));
  }
}
