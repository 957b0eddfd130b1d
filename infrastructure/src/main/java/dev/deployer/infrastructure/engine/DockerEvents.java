package dev.deployer.infrastructure.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import java.io.Closeable;
import java.io.EOFException;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/** The engine's container events from now on, for the containers with the given labels. */
final class DockerEvents {

  private DockerEvents() {}

  static Closeable subscribe(DockerClient client, Map<String, String> labels, Consumer<EngineEvent> listener,
      Consumer<Throwable> onError) {
    return client.eventsCmd()
        .withEventTypeFilter(EventType.CONTAINER)
        .withLabelFilter(labels)
        .withSince(String.valueOf(Instant.now().getEpochSecond()))
        .exec(new ResultCallback.Adapter<Event>() {
          @Override
          public void onNext(Event event) {
            Map<String, String> attributes = event.getActor() == null || event.getActor().getAttributes() == null
                ? Map.of() : Map.copyOf(event.getActor().getAttributes());
            Instant time = event.getTimeNano() != null
                ? Instant.ofEpochSecond(0, event.getTimeNano()) : Instant.ofEpochSecond(event.getTime());
            listener.accept(new EngineEvent(time, event.getId(), event.getAction(), attributes));
          }

          @Override
          public void onError(Throwable throwable) {
            onError.accept(throwable);
          }

          /** The engine ended the stream (it restarted, say): for the subscriber, as much a failure as an error. */
          @Override
          public void onComplete() {
            onError.accept(new EOFException("event stream ended"));
            super.onComplete();
          }
        });
  }
}
