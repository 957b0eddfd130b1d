package dev.deployer.infrastructure.proxy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** HAProxy's runtime API as far as the client sees it: one command a connection, answered, closed. */
final class FakeRuntimeApi implements AutoCloseable {

  private final ServerSocket server;
  private final List<String> commands = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile Function<String, String> answers;

  FakeRuntimeApi(Function<String, String> answers) throws IOException {
    this.answers = answers;
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    thread = new Thread(this::serve, "fake-haproxy-runtime");
    thread.setDaemon(true);
    thread.start();
  }

  int port() {
    return server.getLocalPort();
  }

  List<String> commands() {
    return List.copyOf(commands);
  }

  void answer(Function<String, String> answers) {
    this.answers = answers;
  }

  private void serve() {
    while (!server.isClosed()) {
      try (Socket socket = server.accept()) {
        String command = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
            .readLine();
        commands.add(command);
        String answer = answers.apply(command);
        if (answer == null) {
          continue;
        }
        OutputStream out = socket.getOutputStream();
        out.write(answer.getBytes(StandardCharsets.UTF_8));
        out.flush();
      } catch (IOException e) {
        // closed
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
