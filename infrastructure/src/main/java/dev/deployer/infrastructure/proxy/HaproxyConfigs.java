package dev.deployer.infrastructure.proxy;

import java.util.List;

/**
 * The parts of an HAProxy configuration that the deployer's edges share (this package's blue/green
 * edge and the Swarm target's): servers found by name through the engine's DNS every second, so a
 * replaced container's new address is used at once; health checks every second; and a request
 * whose connection failed retried on another server. The configuration travels in an environment
 * variable, so no file has to be mounted into the container.
 */
public final class HaproxyConfigs {

  /** The environment variable the start command writes to the configuration file. */
  public static final String CONFIG_VARIABLE = "HAPROXY_CFG";

  /** The configuration file haproxy runs on, in the container. */
  public static final String CONFIG_FILE = "/tmp/haproxy.cfg";

  /** Present when a reload put {@link #CONFIG_FILE} in place: {@link #reloadableCommand} keeps it at a restart. */
  public static final String RELOADED_MARKER = CONFIG_FILE + ".reloaded";

  /** The engine's DNS server inside every container (user-defined networks) and every Swarm task. */
  private static final String ENGINE_DNS = "127.0.0.11:53";

  private HaproxyConfigs() {}

  /** {@code sh -c}: writes {@link #CONFIG_VARIABLE} to a file and runs haproxy on it with {@code flags}. */
  public static List<String> command(String flags) {
    return command("", flags);
  }

  /** {@link #command(String)} after the shell commands {@code setup} (with their {@code &&}, or ""). */
  public static List<String> command(String setup, String flags) {
    return List.of("sh", "-c", setup + "printf '%s\\n' \"$" + CONFIG_VARIABLE + "\" > " + CONFIG_FILE
        + " && exec haproxy " + flags + " -f " + CONFIG_FILE);
  }

  /**
   * {@link #command(String, String)} for a container whose configuration is reloaded in place: at
   * a restart it keeps the file a reload put there ({@link #RELOADED_MARKER}), newer than the
   * variable's text, which the container was created with.
   */
  public static List<String> reloadableCommand(String setup, String flags) {
    return List.of("sh", "-c", setup + "{ [ -f " + RELOADED_MARKER + " ] || printf '%s\\n' \"$" + CONFIG_VARIABLE
        + "\" > " + CONFIG_FILE + "; } && exec haproxy " + flags + " -f " + CONFIG_FILE);
  }

  /**
   * The sections before the proxies: {@code global} (with {@code globalLines}), the engine's DNS as
   * resolvers {@code resolvers}, and {@code defaults} whose servers resolve through it, start
   * without an address until the name resolves, and take {@code serverDefaults} (checks, weight).
   */
  public static StringBuilder head(String comment, List<String> globalLines, String resolvers,
      String serverDefaults) {
    StringBuilder text = new StringBuilder();
    text.append("# ").append(comment).append('\n')
        .append("global\n")
        .append("  maxconn 4096\n");
    globalLines.forEach(line -> text.append("  ").append(line).append('\n'));
    text.append("resolvers ").append(resolvers).append('\n')
        .append("  nameserver dns ").append(ENGINE_DNS).append('\n')
        .append("  accepted_payload_size 8192\n")
        .append("  resolve_retries 3\n")
        .append("  timeout resolve 1s\n")
        .append("  timeout retry 1s\n");
    // A stopped container's name stops resolving and a new one's address must be used within a second.
    for (String status : List.of("valid", "other", "refused", "nx", "timeout", "obsolete")) {
      text.append("  hold ").append(status).append(" 1s\n");
    }
    return text.append("defaults\n")
        .append("  timeout connect 2s\n")
        .append("  timeout client 60s\n")
        .append("  timeout server 60s\n")
        .append("  timeout check 2s\n")
        .append("  retries 3\n")
        .append("  option redispatch 1\n")
        .append("  default-server init-addr none resolvers ").append(resolvers).append(" resolve-prefer ipv4 ")
        .append(serverDefaults).append('\n');
  }

  /** A frontend listening on {@code port} (all of the container's addresses) for {@code backend}. */
  public static void frontend(StringBuilder text, String name, String mode, int port, String backend) {
    text.append("frontend ").append(name).append('\n')
        .append("  mode ").append(mode).append('\n')
        .append("  bind :").append(port).append('\n')
        .append("  default_backend ").append(backend).append('\n');
  }

  /**
   * A backend's first lines: its mode, from {@code healthPath} (null: tcp, checked by connecting),
   * and for HTTP the check of that path and which failed attempts are retried.
   */
  public static void backend(StringBuilder text, String name, String healthPath) {
    text.append("backend ").append(name).append('\n')
        .append("  mode ").append(mode(healthPath)).append('\n');
    if (healthPath != null) {
      text.append("  option httpchk GET ").append(healthPath).append('\n')
          .append("  http-check expect status 200\n")
          // Retry only what no server has answered: a refused or dropped connection, never a 5xx.
          .append("  retry-on conn-failure empty-response\n");
    }
  }

  public static String mode(String healthPath) {
    return healthPath == null ? "tcp" : "http";
  }
}
