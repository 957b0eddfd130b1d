package dev.deployer.infrastructure.engine;

import com.github.dockerjava.api.model.ContainerDNSConfig;
import com.github.dockerjava.api.model.ServiceRestartCondition;
import com.github.dockerjava.api.model.ServiceRestartPolicy;
import com.github.dockerjava.api.model.Ulimit;

/** {@link SwarmTaskOptions} in docker-java's container spec and restart policy. */
final class SwarmTaskSpecs {

  private SwarmTaskSpecs() {}

  static void applyTo(SwarmContainerSpec container, SwarmTaskOptions options) {
    container.withHostname(options.hostname())
        .withUser(options.user())
        .withDir(options.workingDir())
        .withStopSignal(options.stopSignal())
        .withInit(options.init());
    if (options.readOnly()) {
      container.withReadOnly(true);
    }
    if (options.tty()) {
      container.withTty(true);
    }
    if (options.openStdin()) {
      container.withOpenStdin(true);
    }
    if (!options.hosts().isEmpty()) {
      container.withHosts(options.hosts());
    }
    if (!options.dns().isEmpty() || !options.dnsSearch().isEmpty() || !options.dnsOptions().isEmpty()) {
      container.withDnsConfig(new ContainerDNSConfig()
          .withNameservers(options.dns().isEmpty() ? null : options.dns())
          .withSearch(options.dnsSearch().isEmpty() ? null : options.dnsSearch())
          .withOptions(options.dnsOptions().isEmpty() ? null : options.dnsOptions()));
    }
    SwarmTaskOptions.Kernel kernel = options.kernel();
    container.withCapabilities(kernel.capAdd(), kernel.capDrop())
        .withSysctls(kernel.sysctls())
        .withUlimits(kernel.ulimits().stream().map(u -> new Ulimit(u.name(), u.soft(), u.hard())).toList())
        .withGroupList(kernel.groups());
  }

  static ServiceRestartPolicy restartPolicy(ServiceRestartCondition condition, SwarmTaskOptions options) {
    ServiceRestartPolicy policy = new ServiceRestartPolicy().withCondition(condition);
    if (options.restartDelay() != null) {
      policy.withDelay(options.restartDelay().toNanos());
    }
    if (options.restartAttempts() != null) {
      policy.withMaxAttempts(options.restartAttempts().longValue());
    }
    if (options.restartWindow() != null) {
      policy.withWindow(options.restartWindow().toNanos());
    }
    return policy;
  }
}
