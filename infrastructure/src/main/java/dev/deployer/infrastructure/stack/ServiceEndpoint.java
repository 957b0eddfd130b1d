package dev.deployer.infrastructure.stack;

/**
 * A host and port a client connects to, to reach a service's published port: the one place its
 * host is chosen and its URLs are built, for deploy, verify, baseline capture and the monitor alike.
 */
public record ServiceEndpoint(String host, int port) {

  /**
   * Where a port published on {@code hostIp} is reached from here: on that address when the engine
   * is local ({@code publishedHost} is 127.0.0.1) and the port is bound to one address only, else
   * on {@code publishedHost}, where the environment's published ports answer.
   */
  public static ServiceEndpoint published(String publishedHost, String hostIp, int port) {
    boolean specific = !hostIp.isEmpty() && !hostIp.equals("0.0.0.0") && !hostIp.equals("::");
    return new ServiceEndpoint(publishedHost.equals("127.0.0.1") && specific ? hostIp : publishedHost, port);
  }

  /** {@code http://host:port}, an IPv6 address in brackets. */
  public String url() {
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /** The URL of {@code path} (starting with a slash) on this endpoint. */
  public String url(String path) {
    return url() + path;
  }
}
