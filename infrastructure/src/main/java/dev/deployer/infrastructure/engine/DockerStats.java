package dev.deployer.infrastructure.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Statistics;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The engine's resource samples, as {@code docker stats --no-stream} takes them: the engine answers
 * after two of its one-second collection ticks. A sample started ahead ({@link #sampleAhead}) is
 * the answer of the next {@link #stats} call within {@link ContainerEngine#SAMPLE_AHEAD_FOR}.
 */
final class DockerStats {

  private final DockerClient client;
  private final Map<String, Ahead> ahead = new ConcurrentHashMap<>();

  DockerStats(DockerClient client) {
    this.client = client;
  }

  void sampleAhead(String id) {
    ahead.put(id, new Ahead(System.nanoTime(), CompletableFuture.supplyAsync(() -> sampleNow(id))));
  }

  Optional<ContainerStats> stats(String id) {
    Ahead started = ahead.remove(id);
    if (started != null && System.nanoTime() - started.nanos() < ContainerEngine.SAMPLE_AHEAD_FOR.toNanos()) {
      return started.sample().join();
    }
    return sampleNow(id);
  }

  /** A sample {@link #sampleAhead} started, and when. */
  private record Ahead(long nanos, CompletableFuture<Optional<ContainerStats>> sample) {}

  private Optional<ContainerStats> sampleNow(String id) {
    Statistics[] sample = new Statistics[1];
    try {
      client.statsCmd(id).withNoStream(true).exec(new ResultCallback.Adapter<Statistics>() {
        @Override
        public void onNext(Statistics statistics) {
          sample[0] = statistics;
        }
      }).awaitCompletion(10, TimeUnit.SECONDS);
    } catch (NotFoundException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
    return Optional.ofNullable(sample[0]).map(StatsSamples::from);
  }
}
