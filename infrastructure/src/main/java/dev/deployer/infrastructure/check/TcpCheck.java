package dev.deployer.infrastructure.check;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** Passes when a TCP connection to host:port is accepted within the timeout. */
public final class TcpCheck extends NamedCheck {

  private final String host;
  private final int port;
  private final Duration timeout;

  public TcpCheck(String name, String category, String host, int port, Duration timeout) {
    super(name, category);
    this.host = host;
    this.port = port;
    this.timeout = timeout;
  }

  @Override
  public CheckResult run() {
    long start = System.nanoTime();
    String expected = "accepts connections on " + host + ":" + port;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      return CheckResult.pass(this, expected, "connected", Duration.ofNanos(System.nanoTime() - start));
    } catch (IOException e) {
      return CheckResult.fail(this, expected, "refused: " + e.getMessage(), Duration.ofNanos(System.nanoTime() - start));
    }
  }
}
