package dev.deployer.rollback;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

/** Who is acting, for the ledger and the audit trail: {@code DEPLOYER_USER}, else the OS user, and the host. */
public record Actor(String user, String host) {

  public static Actor current(Map<String, String> environment) {
    String user = environment.getOrDefault("DEPLOYER_USER", "");
    if (user.isBlank()) {
      user = System.getProperty("user.name", "unknown");
    }
    return new Actor(user, host(environment));
  }

  private static String host(Map<String, String> environment) {
    String host = environment.getOrDefault("HOSTNAME", "");
    if (!host.isBlank()) {
      return host;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  @Override
  public String toString() {
    return user + "@" + host;
  }
}
