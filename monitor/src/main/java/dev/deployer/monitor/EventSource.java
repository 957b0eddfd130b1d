package dev.deployer.monitor;

import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.EngineEvent;
import dev.deployer.infrastructure.stack.StackContainers;
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

  /**
   * The events of the containers {@code containers} counts as the stack's services: of a blue/green
   * service only its serving color's, so the planned stop of the color that no longer serves is
   * no crash.
   */
  static EventSource of(ContainerEngine engine, StackContainers containers) {
    return (listener, onError) -> engine.events(containers.ofStack(), event -> {
      String service = event.service();
      if (service == null
          || event.attributes().entrySet().containsAll(containers.ofService().apply(service).entrySet())) {
        listener.accept(event);
      }
    }, onError);
  }
}
