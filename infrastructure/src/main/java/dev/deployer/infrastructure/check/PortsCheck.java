package dev.deployer.infrastructure.check;

import dev.deployer.infrastructure.engine.ContainerSpec.PublishedPort;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Passes when a service's container publishes exactly the expected ports: each container port on
 * the expected host address and port. A port published beyond the expected ones fails where
 * {@code extrasFail} (staging, production) and warns elsewhere.
 */
public final class PortsCheck extends NamedCheck {

  private final List<PublishedPort> expected;
  private final Supplier<Optional<List<PublishedPort>>> actual;
  private final boolean extrasFail;

  /** {@code actual} answers the running container's published ports, or empty when there is no container. */
  public PortsCheck(String service, List<PublishedPort> expected, Supplier<Optional<List<PublishedPort>>> actual,
      boolean extrasFail) {
    super("ports " + service, "ports");
    this.expected = expected.stream().map(PortsCheck::normalized).sorted(PortsCheck::compare).toList();
    this.actual = actual;
    this.extrasFail = extrasFail;
  }

  @Override
  public CheckResult run() {
    long start = System.nanoTime();
    String expectedText = expected.isEmpty() ? "nothing published" : describe(expected);
    Optional<List<PublishedPort>> found;
    try {
      found = actual.get();
    } catch (RuntimeException e) {
      return result(CheckResult.Verdict.FAIL, expectedText, "cannot inspect: " + e.getMessage(), start);
    }
    if (found.isEmpty()) {
      return result(CheckResult.Verdict.FAIL, expectedText, "no running container", start);
    }
    List<PublishedPort> published = found.get().stream().filter(p -> p.hostPort() > 0)
        .map(PortsCheck::normalized).sorted(PortsCheck::compare).toList();
    String actualText = published.isEmpty() ? "nothing published" : describe(published);
    List<String> problems = new ArrayList<>();
    for (PublishedPort port : expected) {
      if (!published.contains(port)) {
        problems.add(port.containerPort() + "/" + port.protocol() + " not on " + address(port));
      }
    }
    List<PublishedPort> extras = published.stream().filter(p -> !expected.contains(p)).toList();
    if (!problems.isEmpty()) {
      return result(CheckResult.Verdict.FAIL, expectedText, actualText + ": " + String.join(", ", problems), start);
    }
    if (!extras.isEmpty()) {
      return result(extrasFail ? CheckResult.Verdict.FAIL : CheckResult.Verdict.WARN, expectedText,
          actualText + ": also published " + describe(extras), start);
    }
    return result(CheckResult.Verdict.PASS, expectedText, actualText, start);
  }

  /** "8000/tcp on 127.0.0.1:18000, ..." */
  public static String describe(List<PublishedPort> ports) {
    return ports.stream().map(p -> p.containerPort() + "/" + p.protocol() + " on " + address(p))
        .collect(Collectors.joining(", "));
  }

  private static String address(PublishedPort port) {
    return (port.hostIp().contains(":") ? "[" + port.hostIp() + "]" : port.hostIp()) + ":" + port.hostPort();
  }

  /** Docker shows "all interfaces" as "" or 0.0.0.0, the protocol maybe in capitals. */
  static PublishedPort normalized(PublishedPort port) {
    String ip = port.hostIp() == null || port.hostIp().isEmpty() ? "0.0.0.0" : port.hostIp();
    String protocol = port.protocol() == null ? "tcp" : port.protocol().toLowerCase();
    return new PublishedPort(ip, port.hostPort(), port.containerPort(), protocol);
  }

  private static int compare(PublishedPort a, PublishedPort b) {
    int byTarget = Integer.compare(a.containerPort(), b.containerPort());
    if (byTarget != 0) {
      return byTarget;
    }
    int byHost = Integer.compare(a.hostPort(), b.hostPort());
    return byHost != 0 ? byHost : (a.hostIp() + a.protocol()).compareTo(b.hostIp() + b.protocol());
  }

  private CheckResult result(CheckResult.Verdict verdict, String expected, String actual, long start) {
    return new CheckResult(name(), category(), verdict, expected, actual, Duration.ofNanos(System.nanoTime() - start),
        Instant.now());
  }
}
