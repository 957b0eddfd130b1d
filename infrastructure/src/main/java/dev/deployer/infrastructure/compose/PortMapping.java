package dev.deployer.infrastructure.compose;

import java.util.Objects;

/**
 * One published container port. {@code published} is a string as in Compose: "" for an ephemeral
 * host port the engine picks, usually one port, a range only when several host ports map to one
 * container port (the engine binds a free one of them). Protocol tcp, udp or sctp. On a single
 * host {@code mode} host and ingress both bind the host port; {@code name} and {@code appProtocol}
 * only describe the port.
 */
public record PortMapping(String hostIp, String published, int target, String protocol, String mode, String name,
    String appProtocol) {

  public PortMapping(String hostIp, String published, int target, String protocol) {
    this(hostIp, published, target, protocol, "ingress", null, null);
  }

  public PortMapping {
    mode = mode == null ? "ingress" : mode;
    hostIp = hostIp == null ? "" : hostIp;
    published = published == null ? "" : published;
    protocol = protocol == null ? "tcp" : protocol;
    if (target < 1 || target > 65535) {
      throw new IllegalArgumentException("target port out of range: " + target);
    }
    Objects.requireNonNull(protocol);
  }

  /** The single published host port, or -1 when none or a range. */
  public int publishedPort() {
    return published.matches("\\d+") ? Integer.parseInt(published) : -1;
  }
}
