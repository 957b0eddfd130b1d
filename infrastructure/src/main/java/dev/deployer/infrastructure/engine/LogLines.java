package dev.deployer.infrastructure.engine;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** The lines of a log the engine streams as frames: a container's or a Swarm task's. */
final class LogLines extends ResultCallback.Adapter<Frame> {

  private final List<String> lines = new ArrayList<>();

  /**
   * Starts a log command with a fresh callback ({@code start} returns what its {@code exec} does)
   * and returns its last {@code tailLines} lines, once the stream ends or after 30 s; none when
   * the container or task is gone.
   */
  static List<String> read(Function<LogLines, LogLines> start, int tailLines) {
    LogLines callback = new LogLines();
    try {
      start.apply(callback).awaitCompletion(30, TimeUnit.SECONDS);
    } catch (NotFoundException e) {
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (callback.lines) {
      List<String> lines = callback.lines;
      return List.copyOf(lines.subList(Math.max(0, lines.size() - tailLines), lines.size()));
    }
  }

  @Override
  public void onNext(Frame frame) {
    String text = new String(frame.getPayload(), StandardCharsets.UTF_8);
    synchronized (lines) {
      text.lines().forEach(lines::add);
    }
  }
}
