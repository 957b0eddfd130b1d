package dev.deployer.infrastructure.proxy;

import java.util.Objects;

/**
 * A port the edge owns: it listens on {@code publishedPort} (published on the host's
 * {@code bindAddress}, "" for every address) and forwards to {@code targetPort} of the service's
 * blue and green containers, checking {@code healthPath} over HTTP, or the TCP connection when null.
 */
public record Route(String service, String bindAddress, int publishedPort, int targetPort, String healthPath) {

  public Route {
    Objects.requireNonNull(service, "service");
    bindAddress = bindAddress == null ? "" : bindAddress;
    if (publishedPort < 1 || publishedPort > 65535 || targetPort < 1 || targetPort > 65535) {
      throw new IllegalArgumentException("route " + service + ": ports must be 1..65535, were " + publishedPort
          + " and " + targetPort);
    }
  }

  /** The backend that takes the route's traffic, and its frontend: {@code <service>_<publishedPort>}. */
  public String backend() {
    return service + "_" + publishedPort;
  }

  /** The backend behind the route's preview port, with the same two servers. */
  public String previewBackend() {
    return backend() + "_preview";
  }
}
