package dev.deployer.monitor;

import dev.deployer.infrastructure.engine.EngineEvent;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps a subscription to the engine's event stream. When the stream fails or ends it reports
 * that and subscribes again after a backoff (doubling up to {@code maxBackoff}, reset once events
 * flow); after a reconnect {@code onReconnect} lets the monitor catch up on what it missed.
 */
final class EventWatcher implements AutoCloseable {

  private final EventSource source;
  private final Consumer<EngineEvent> listener;
  private final ScheduledExecutorService scheduler;
  private final Consumer<String> onDrop;
  private final Runnable onReconnect;
  private final Duration firstBackoff;
  private final Duration maxBackoff;
  private Closeable handle;
  private long generation;
  private Duration backoff;
  private boolean closed;
  private long reconnects;

  EventWatcher(EventSource source, Consumer<EngineEvent> listener, ScheduledExecutorService scheduler,
      Consumer<String> onDrop, Runnable onReconnect, Duration firstBackoff, Duration maxBackoff) {
    this.source = source;
    this.listener = listener;
    this.scheduler = scheduler;
    this.onDrop = onDrop;
    this.onReconnect = onReconnect;
    this.firstBackoff = firstBackoff;
    this.maxBackoff = maxBackoff;
    this.backoff = firstBackoff;
  }

  synchronized void start() {
    subscribe(false);
  }

  synchronized long reconnects() {
    return reconnects;
  }

  private synchronized void subscribe(boolean again) {
    if (closed) {
      return;
    }
    long mine = ++generation;
    try {
      handle = source.subscribe(event -> delivered(mine, event), error -> failed(mine, error));
      if (again) {
        reconnects++;
        onReconnect.run();
      }
    } catch (RuntimeException e) {
      handle = null;
      generation++;
      retryLater(e);
    }
  }

  private void delivered(long from, EngineEvent event) {
    synchronized (this) {
      if (closed || from != generation) {
        return;
      }
      backoff = firstBackoff;
    }
    listener.accept(event);
  }

  private synchronized void failed(long from, Throwable error) {
    if (closed || from != generation) {
      return; // the end of a stream we closed ourselves
    }
    generation++; // before closing, so the closed stream's own error is ignored
    closeHandle();
    retryLater(error);
  }

  private void retryLater(Throwable error) {
    Duration wait = backoff;
    backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
    onDrop.accept("engine event stream dropped (" + error.getMessage() + "); reconnecting in " + wait.toMillis() + " ms");
    try {
      scheduler.schedule(() -> subscribe(true), wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      closed = true; // the monitor is stopping
    }
  }

  private void closeHandle() {
    if (handle != null) {
      try {
        handle.close();
      } catch (IOException | RuntimeException e) {
        // the stream is gone either way
      }
      handle = null;
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    generation++;
    closeHandle();
  }
}
