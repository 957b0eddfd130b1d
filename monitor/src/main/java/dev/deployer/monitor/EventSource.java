package dev.deployer.monitor;

import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.EngineEvent;
import java.io.Closeable;
import java.util.Map;
import java.util.function.Consumer;

/** A stream of container events; the engine's, or a test's. */
@FunctionalInterface
public interface EventSource {

  /** Starts delivering events; {@code onError} is called when the stream fails or ends. */
  Closeable subscribe(Consumer<EngineEvent> listener, Consumer<Throwable> onError);

  static EventSource of(ContainerEngine engine, Map<String, String> labels) {
    return (listener, onError) -> engine.events(labels, listener, onError);
  }
}
