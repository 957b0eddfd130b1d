package dev.deployer.infrastructure.event;

/** Receives events from steps; must be safe to call from several threads. */
@FunctionalInterface
public interface EventSink {

  EventSink NONE = event -> {};

  void emit(DeployEvent event);

  default void progress(String step, String message) {
    emit(DeployEvent.progress(step, message));
  }

  default void warning(String step, String message) {
    emit(DeployEvent.warning(step, message));
  }

  default void detail(String step, String message) {
    emit(DeployEvent.detail(step, message));
  }
}
