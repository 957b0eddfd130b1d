package dev.deployer.infrastructure.compose;

import dev.deployer.infrastructure.compose.YamlValue.Mapping;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Service {@code ports}. Short syntax {@code [HOST_IP:][HOST_PORT[-END]:]PORT[-END][/PROTOCOL]}
 * (an IPv6 host address in brackets), split like Docker's {@code nat.ParsePortSpec}: matching
 * ranges become one mapping per port; a host range for a single container port stays one mapping
 * whose published value is the range. Long syntax: target, published, host_ip, protocol, mode.
 */
final class PortParser {

  private static final Set<String> LONG_KEYS =
      Set.of("target", "published", "host_ip", "protocol", "mode", "name", "app_protocol");
  private static final Set<String> PROTOCOLS = Set.of("tcp", "udp", "sctp");
  private static final Pattern IPV4 =
      Pattern.compile("((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)");

  private PortParser() {}

  static List<PortMapping> parseAll(YamlValue ports) throws ComposeException {
    List<PortMapping> result = new ArrayList<>();
    for (YamlValue item : Nodes.sequence(ports).items()) {
      result.addAll(item instanceof Mapping mapping ? List.of(longSyntax(mapping)) : shortSyntax(item));
    }
    return result;
  }

  static List<PortMapping> shortSyntax(YamlValue item) throws ComposeException {
    String spec = Nodes.string(item);
    String rest = spec;
    String protocol = "tcp";
    int slash = rest.lastIndexOf('/');
    if (slash >= 0) {
      protocol = protocol(item, rest.substring(slash + 1));
      rest = rest.substring(0, slash);
    }
    String[] parts = rest.split(":", -1);
    int n = parts.length;
    String target = parts[n - 1];
    String published = n >= 2 ? parts[n - 2] : "";
    String hostIp = n >= 3 ? String.join(":", Arrays.copyOf(parts, n - 2)) : "";
    if (hostIp.startsWith("[") && hostIp.endsWith("]")) {
      hostIp = hostIp.substring(1, hostIp.length() - 1);
    }
    if (n >= 3 && !isIp(hostIp)) {
      throw item.error("invalid port '" + spec + "': '" + hostIp + "' is not an IP address");
    }
    int[] targets = range(item, spec, target);
    if (published.isEmpty()) {
      return expand(hostIp, null, targets, protocol);
    }
    int[] hosts = range(item, spec, published);
    int targetCount = targets[1] - targets[0];
    int hostCount = hosts[1] - hosts[0];
    if (targetCount == hostCount) {
      return expand(hostIp, hosts, targets, protocol);
    }
    if (targetCount == 0) {
      return List.of(new PortMapping(hostIp, published, targets[0], protocol));
    }
    throw item.error("invalid port '" + spec + "': host and container port ranges differ in size");
  }

  private static List<PortMapping> expand(String hostIp, int[] hosts, int[] targets, String protocol) {
    List<PortMapping> result = new ArrayList<>();
    for (int i = 0; i <= targets[1] - targets[0]; i++) {
      String published = hosts == null ? "" : String.valueOf(hosts[0] + i);
      result.add(new PortMapping(hostIp, published, targets[0] + i, protocol));
    }
    return result;
  }

  static PortMapping longSyntax(Mapping mapping) throws ComposeException {
    Nodes.allowKeys(mapping, LONG_KEYS);
    YamlValue targetValue = mapping.get("target");
    if (targetValue == null) {
      throw mapping.error("target is required");
    }
    int target = port(targetValue, Nodes.string(targetValue), Nodes.string(targetValue));
    String published = "";
    YamlValue publishedValue = mapping.get("published");
    if (Nodes.optionalString(publishedValue) != null) {
      published = Nodes.string(publishedValue);
      range(publishedValue, published, published);
    }
    String hostIp = Nodes.optionalString(mapping.get("host_ip"));
    if (hostIp != null && !hostIp.isEmpty() && !isIp(hostIp)) {
      throw mapping.get("host_ip").error("'" + hostIp + "' is not an IP address");
    }
    YamlValue protocolValue = mapping.get("protocol");
    String protocol = protocolValue == null ? "tcp" : protocol(protocolValue, Nodes.string(protocolValue));
    YamlValue modeValue = mapping.get("mode");
    String mode = modeValue == null ? "ingress" : Nodes.string(modeValue);
    if (!mode.equals("ingress") && !mode.equals("host")) {
      throw modeValue.error("mode must be 'ingress' or 'host', not '" + mode + "'");
    }
    return new PortMapping(hostIp, published, target, protocol, mode, Nodes.optionalString(mapping.get("name")),
        Nodes.optionalString(mapping.get("app_protocol")));
  }

  /** An IPv4 or IPv6 literal, without resolving names (which Compose does not accept here). */
  private static boolean isIp(String text) {
    if (IPV4.matcher(text).matches()) {
      return true;
    }
    return text.contains(":") && text.matches("[0-9a-fA-F:.]+") && !text.contains(":::");
  }

  private static String protocol(YamlValue item, String protocol) throws ComposeException {
    String lower = protocol.toLowerCase(Locale.ROOT);
    if (!PROTOCOLS.contains(lower)) {
      throw item.error("invalid protocol '" + protocol + "' (tcp, udp or sctp)");
    }
    return lower;
  }

  /** Parses {@code 80} or {@code 80-82} into {start, end}. */
  private static int[] range(YamlValue item, String spec, String text) throws ComposeException {
    int dash = text.indexOf('-');
    if (dash < 0) {
      int port = port(item, spec, text);
      return new int[] {port, port};
    }
    int start = port(item, spec, text.substring(0, dash));
    int end = port(item, spec, text.substring(dash + 1));
    if (end < start) {
      throw item.error("invalid port '" + spec + "': range " + text + " ends before it starts");
    }
    return new int[] {start, end};
  }

  private static int port(YamlValue item, String spec, String text) throws ComposeException {
    if (!text.matches("\\d{1,5}")) {
      throw item.error("invalid port '" + spec + "'");
    }
    int port = Integer.parseInt(text);
    if (port < 1 || port > 65535) {
      throw item.error("invalid port '" + spec + "': " + port + " is out of range 1-65535");
    }
    return port;
  }
}
