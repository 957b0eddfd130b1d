package dev.deployer.infrastructure.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A client of HAProxy's runtime API over TCP ({@code stats socket ipv4@...}): one command per
 * connection, whose answer ends when HAProxy closes it. Weights and states set here last until the
 * edge restarts; the configuration's are all 0.
 */
public final class HaproxyRuntime {

  /** The highest weight HAProxy accepts. */
  public static final int MAX_WEIGHT = 256;

  private static final Duration POLL = Duration.ofMillis(200);

  private final String host;
  private final int port;
  private final Duration timeout;

  public HaproxyRuntime(String host, int port) {
    this(host, port, Duration.ofSeconds(3));
  }

  /** {@code timeout} bounds connecting and each wait for the answer. */
  public HaproxyRuntime(String host, int port, Duration timeout) {
    this.host = host;
    this.port = port;
    this.timeout = timeout;
  }

  /** An administrative state of a server, on top of its health: DRAIN takes no new connections. */
  public enum ServerState {
    READY,
    DRAIN,
    MAINT
  }

  /** {@code weight} 0..256; 0 sends the server no new requests. */
  public void setWeight(String backend, String server, int weight) {
    if (weight < 0 || weight > MAX_WEIGHT) {
      throw new IllegalArgumentException("weight must be 0.." + MAX_WEIGHT + ", was " + weight);
    }
    set("set weight " + backend + "/" + server + " " + weight);
  }

  public void setState(String backend, String server, ServerState state) {
    set("set server " + backend + "/" + server + " state " + state.name().toLowerCase(Locale.ROOT));
  }

  /** The servers' weights and states in the form HAProxy reads back at start ({@code load-server-state-from-file}). */
  public String serversState() {
    return execute("show servers state");
  }

  /** Every server of every backend, with its state and counters. */
  public List<ServerStats> stats() {
    String command = "show stat";
    String answer = execute(command);
    try {
      return ServerStats.parse(answer);
    } catch (IllegalArgumentException e) {
      throw new HaproxyRuntimeException("unreadable stats: " + e.getMessage(), command, answer, e);
    }
  }

  public ServerStats stats(String backend, String server) {
    return stats().stream().filter(s -> s.backend().equals(backend) && s.server().equals(server)).findFirst()
        .orElseThrow(() -> new HaproxyRuntimeException("no server " + backend + "/" + server + " in the stats"));
  }

  /**
   * Polls until the server's status is {@code status} (exactly: "UP 1/2" is not "UP") and returns
   * its stats; throws with the last status seen when {@code limit} passes first.
   */
  public ServerStats awaitStatus(String backend, String server, String status, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      ServerStats stats = stats(backend, server);
      if (stats.status().equals(status)) {
        return stats;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new HaproxyRuntimeException(backend + "/" + server + " is not " + status + " after " + limit
            + ": it is " + stats.status() + " (last check: " + stats.checkStatus() + ")");
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new HaproxyRuntimeException("interrupted waiting for " + backend + "/" + server + " to be " + status);
      }
    }
  }

  /** Sends one command and returns HAProxy's whole answer. */
  public String execute(String command) {
    if (command.contains("\n")) {
      throw new IllegalArgumentException("one command, without line breaks: " + command);
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write((command + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new HaproxyRuntimeException("the runtime API at " + host + ":" + port + " did not answer: " + e,
          command, null, e);
    }
  }

  /** A command that answers nothing when it succeeds, and why not otherwise. */
  private void set(String command) {
    String answer = execute(command);
    if (!answer.isBlank()) {
      throw new HaproxyRuntimeException("HAProxy refused", command, answer, null);
    }
  }
}
