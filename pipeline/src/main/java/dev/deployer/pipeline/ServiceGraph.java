package dev.deployer.pipeline;

import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.compose.ComposeService;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs an action for every service of a project along {@code depends_on}: a service's action
 * starts once the actions of the services it depends on are done, and services that do not depend
 * on each other run side by side. The first failure is thrown at once: services that depend on the
 * failed one never start, and actions still running on other branches are interrupted (a wait
 * stops; an engine call under way finishes) before it is thrown, so nothing still changes the
 * stack while the caller handles the failure.
 */
public final class ServiceGraph {

  /** What to do for one service, given the results of its dependencies in the project. */
  @FunctionalInterface
  public interface Action<T> {
    T run(ComposeService service, Map<String, T> dependencies) throws PipelineException;
  }

  /** How long actions interrupted after a failure may take to end: an engine call under way finishes. */
  private static final Duration STOP_WAIT = Duration.ofSeconds(60);

  private ServiceGraph() {}

  /** The result of every service's action, by service name. */
  public static <T> Map<String, T> run(ComposeProject project, Action<T> action) throws PipelineException {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, project.services().size()));
    try {
      Map<String, CompletableFuture<T>> futures = new LinkedHashMap<>();
      for (List<ComposeService> layer : project.startLayers()) {
        for (ComposeService service : layer) {
          Map<String, CompletableFuture<T>> dependencies = new LinkedHashMap<>();
          service.dependsOn().keySet().stream().filter(futures::containsKey)
              .forEach(name -> dependencies.put(name, futures.get(name)));
          futures.put(service.name(), CompletableFuture.allOf(dependencies.values().toArray(CompletableFuture[]::new))
              .thenApplyAsync(ignored -> runOne(action, service, dependencies), pool));
        }
      }
      CompletableFuture<Object> firstFailure = new CompletableFuture<>();
      futures.values().forEach(future -> future.whenComplete((result, failure) -> {
        if (failure != null) {
          firstFailure.completeExceptionally(failure);
        }
      }));
      CompletableFuture.anyOf(CompletableFuture.allOf(futures.values().toArray(CompletableFuture[]::new)), firstFailure)
          .join();
      Map<String, T> results = new LinkedHashMap<>();
      futures.forEach((name, future) -> results.put(name, future.join()));
      return results;
    } catch (CompletionException e) {
      Throwable cause = e;
      while (cause instanceof CompletionException && cause.getCause() != null) {
        cause = cause.getCause();
      }
      if (cause instanceof Failure failure) {
        throw failure.exception;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw e;
    } finally {
      stop(pool);
    }
  }

  private static void stop(ExecutorService pool) {
    pool.shutdownNow();
    try {
      pool.awaitTermination(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static <T> T runOne(Action<T> action, ComposeService service, Map<String, CompletableFuture<T>> dependencies) {
    Map<String, T> results = new LinkedHashMap<>();
    dependencies.forEach((name, future) -> results.put(name, future.join()));
    try {
      return action.run(service, results);
    } catch (PipelineException e) {
      throw new Failure(e);
    }
  }

  /** Carries a checked failure out of a future. */
  private static final class Failure extends RuntimeException {
    private final PipelineException exception;

    Failure(PipelineException exception) {
      super(exception.getMessage(), exception, false, false);
      this.exception = exception;
    }
  }
}
