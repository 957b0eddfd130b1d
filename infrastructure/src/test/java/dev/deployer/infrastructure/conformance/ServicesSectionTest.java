package dev.deployer.infrastructure.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deployer.infrastructure.compose.ComposeException;
import dev.deployer.infrastructure.compose.ComposeJson;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.compose.ComposeService;
import dev.deployer.infrastructure.compose.DependsOn;
import dev.deployer.infrastructure.compose.PortMapping;
import dev.deployer.infrastructure.compose.ServiceOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Compose Specification, "Services top-level elements" (spec/05-services.md), phase parse. */
class ServicesSectionTest {

  @TempDir
  Path dir;

  private ComposeService only(String yaml) throws ComposeException {
    return Spec.load(dir, yaml).services().values().iterator().next();
  }

  /** 05-services.md: container_name, hostname, domainname, user, working_dir, stop_signal, stop_grace_period. */
  @Test
  void identityAndProcessKeys() throws Exception {
    ServiceOptions o = only("""
        services:
          app:
            image: alpine:3.17
            container_name: my-app
            hostname: app
            domainname: example.test
            user: "1000:1000"
            working_dir: /srv
            stop_signal: SIGQUIT
            stop_grace_period: 1m30s
        """).options();

    assertThat(o.containerName()).isEqualTo("my-app");
    assertThat(o.hostname()).isEqualTo("app");
    assertThat(o.domainname()).isEqualTo("example.test");
    assertThat(o.user()).isEqualTo("1000:1000");
    assertThat(o.workingDir()).isEqualTo("/srv");
    assertThat(o.stopSignal()).isEqualTo("SIGQUIT");
    assertThat(o.stopGracePeriod()).isEqualTo(Duration.ofSeconds(90));
  }

  /** 05-services.md: cap_add, cap_drop, privileged, read_only, security_opt, sysctls (list and map), ulimits. */
  @Test
  void securityAndKernelKeys() throws Exception {
    ServiceOptions o = only("""
        services:
          app:
            image: alpine:3.17
            cap_add: [NET_ADMIN]
            cap_drop: [ALL]
            privileged: true
            read_only: true
            security_opt: [label:disable]
            sysctls: [net.core.somaxconn=1024]
            ulimits:
              nproc: 65535
              nofile: {soft: 20000, hard: 40000}
        """).options();

    assertThat(o.capAdd()).containsExactly("NET_ADMIN");
    assertThat(o.capDrop()).containsExactly("ALL");
    assertThat(o.privileged()).isTrue();
    assertThat(o.readOnly()).isTrue();
    assertThat(o.securityOpt()).containsExactly("label:disable");
    assertThat(o.sysctls()).containsEntry("net.core.somaxconn", "1024");
    assertThat(o.ulimits()).containsEntry("nproc", new ServiceOptions.Ulimit(65535, 65535))
        .containsEntry("nofile", new ServiceOptions.Ulimit(20000, 40000));
  }

  /** 05-services.md: extra_hosts in list (HOST:IP and HOST=IP) and mapping form; dns, dns_search as string or list. */
  @Test
  void hostsAndDns() throws Exception {
    ServiceOptions o = only("""
        services:
          app:
            image: alpine:3.17
            extra_hosts:
              - somehost:162.242.195.82
              - otherhost=50.31.209.229
            dns: 8.8.8.8
            dns_search: [dc1.example.com, dc2.example.com]
        """).options();

    assertThat(o.extraHosts()).containsExactly("somehost:162.242.195.82", "otherhost:50.31.209.229");
    assertThat(o.dns()).containsExactly("8.8.8.8");
    assertThat(o.dnsSearch()).containsExactly("dc1.example.com", "dc2.example.com");
  }

  /** 05-services.md network_mode "service:{name}", links, volumes_from: Compose starts the named services first. */
  @Test
  void serviceReferencesImplyStartOrder() throws Exception {
    var project = Spec.load(dir, """
        services:
          db:
            image: postgres:15
          vpn:
            image: alpine:3.17
          app:
            image: alpine:3.17
            network_mode: service:vpn
            links: [db:database]
            volumes_from: [db:ro]
        """);

    ComposeService app = project.service("app");
    assertThat(app.dependsOn()).containsKeys("vpn", "db").containsEntry("db", DependsOn.started());
    assertThat(app.effectiveNetworks()).isEmpty();
    assertThat(project.startLayers().get(0)).extracting(ComposeService::name).containsExactly("db", "vpn");
  }

  /** 05-services.md network_mode: a reference to an unknown service names file, line and key. */
  @Test
  void unknownServiceReference() {
    ComposeException e = Spec.failure(dir, """
        services:
          app:
            image: alpine:3.17
            network_mode: service:nowhere
        """);

    assertThat(e.line()).isEqualTo(4);
    assertThat(e.key()).isEqualTo("services.app.network_mode");
    assertThat(e.reason()).isEqualTo("refers to undefined service 'nowhere'");
  }

  /** 05-services.md ports long syntax: name, app_protocol, mode host. */
  @Test
  void portLongSyntax() throws Exception {
    PortMapping port = only("""
        services:
          web:
            image: haproxy:2.6
            ports:
              - name: web
                target: 80
                host_ip: 127.0.0.1
                published: "8080"
                protocol: tcp
                app_protocol: http
                mode: host
        """).ports().get(0);

    assertThat(port).isEqualTo(new PortMapping("127.0.0.1", "8080", 80, "tcp", "host", "web", "http"));
  }

  /** 05-services.md deploy.resources: reservations and pids; deploy.restart_policy maps to the container's. */
  @Test
  void deployResources() throws Exception {
    ComposeService s = only("""
        services:
          app:
            image: alpine:3.17
            deploy:
              resources:
                limits: {cpus: '0.50', memory: 50M, pids: 1}
                reservations: {cpus: '0.25', memory: 20M}
              restart_policy: {condition: on-failure, max_attempts: 3}
        """);

    assertThat(s.limits().memoryBytes()).isEqualTo(50L * 1024 * 1024);
    assertThat(s.options().memoryReservation()).isEqualTo(20L * 1024 * 1024);
    assertThat(s.options().cpuReservation()).isEqualTo(0.25);
    assertThat(s.options().pidsLimit()).isEqualTo(1);
    assertThat(s.restart()).isEqualTo("on-failure:3");
  }

  /** 05-services.md mem_reservation: the service-level key, which deploy.resources.reservations.memory overrides. */
  @Test
  void memReservation() throws Exception {
    assertThat(only("services:\n  app:\n    image: alpine:3.17\n    mem_reservation: 32m\n")
        .options().memoryReservation()).isEqualTo(32L * 1024 * 1024);
    assertThat(only("services:\n  app:\n    image: alpine:3.17\n    mem_reservation: 32m\n    deploy:\n"
        + "      resources: {reservations: {memory: 20M}}\n").options().memoryReservation()).isEqualTo(20L * 1024 * 1024);
  }

  /**
   * 05-services.md deploy.restart_policy: condition, delay, max_attempts and window are kept (the
   * swarm target applies them all) and printed as {@code docker compose config} does.
   */
  @Test
  void deployRestartPolicyKeepsDelayAttemptsAndWindow() throws Exception {
    ComposeService s = only("""
        services:
          app:
            image: alpine:3.17
            deploy:
              restart_policy: {condition: on-failure, delay: 5s, max_attempts: 3, window: 2m}
        """);

    assertThat(s.deploy().restartPolicy()).isEqualTo(new dev.deployer.infrastructure.compose.DeploySpec.RestartPolicy(
        "on-failure", Duration.ofSeconds(5), 3, Duration.ofMinutes(2)));
    assertThat(new ObjectMapper().writeValueAsString(((java.util.Map<?, ?>) ComposeJson.service(s).get("deploy"))
        .get("restart_policy"))).isEqualTo("{\"condition\":\"on-failure\",\"delay\":\"5s\",\"max_attempts\":3,"
            + "\"window\":\"2m0s\"}");
  }

  /** 05-services.md scale, stdin_open, tty: modelled and printed as {@code docker compose config} does. */
  @Test
  void scaleStdinOpenAndTty() throws Exception {
    ComposeService s = only("""
        services:
          app:
            image: alpine:3.17
            scale: 3
            stdin_open: true
            tty: true
            deploy:
              replicas: 3
        """);

    assertThat(s.options().scale()).isEqualTo(3);
    assertThat(s.options().stdinOpen()).isTrue();
    assertThat(s.options().tty()).isTrue();
    assertThat(ComposeJson.service(s)).containsEntry("scale", 3).containsEntry("stdin_open", true)
        .containsEntry("tty", true);
  }

  /**
   * compose-go loader validation ("can't set distinct values on 'scale' and 'deploy.replicas'"): a
   * service may set both only to the same number; the error names the file, line and key.
   */
  @Test
  void scaleAndDeployReplicasMustAgree() {
    ComposeException e = Spec.failure(dir, """
        services:
          app:
            image: alpine:3.17
            scale: 2
            deploy:
              replicas: 3
        """);

    assertThat(e.getMessage()).contains("compose.yaml:4").contains("services.app.scale")
        .contains("can't set distinct values on 'scale' and 'deploy.replicas' (2 and 3)");
  }

  /**
   * 05-services.md: a key of the spec that a deploy target may not honour loads, and its place
   * (file, line, key) is kept for that target's pre-deployment checks to name (TargetKeysTest).
   */
  @ParameterizedTest(name = "05-services.md {0}")
  @CsvSource(delimiter = '|', value = {
      "cpu_rt_runtime|cpu_rt_runtime: 950|cpu_rt_runtime",
      "storage_opt|storage_opt: {size: 1G}|storage_opt.size",
      "platform|platform: linux/amd64|platform",
      "pull_policy|pull_policy: never|pull_policy",
      "post_start|'post_start: [{command: [\"true\"]}]'|post_start[0].command[0]",
  })
  void aKeyLeftToTheTargetsLoadsWithItsPlace(String key, String entry, String path) throws Exception {
    ComposeProject project = Spec.load(dir, "services:\n  app:\n    image: alpine:3.17\n    " + entry + "\n");

    assertThat(project.places().find("app", path)).singleElement().satisfies(found -> {
      assertThat(found.place().line()).isEqualTo(4);
      assertThat(found.place().key()).isEqualTo("services.app." + path);
    });
  }

  /**
   * One case per cgroup, memory, block I/O, group, runtime, namespace, MAC address, terminal,
   * external link, platform, GPU, real-time CPU, storage option and annotation key: each
   * row names its source, the key's entry in spec/05-services.md, and the resolved model prints it
   * as {@code docker compose config} does.
   */
  @ParameterizedTest(name = "05-services.md {0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "cgroup_parent|cgroup_parent: m-executor-abcd|m-executor-abcd",
        "cgroup|cgroup: host|host",
        "group_add|group_add: [mail, 1234]|[\"mail\",\"1234\"]",
        "mem_swappiness|mem_swappiness: 60|60",
        "memswap_limit|memswap_limit: 1g|\"1073741824\"",
        "oom_kill_disable|oom_kill_disable: true|true",
        "oom_score_adj|oom_score_adj: 500|500",
        "device_cgroup_rules|\"device_cgroup_rules: ['c 1:3 mr', 'a 7:* rmw']\"|[\"c 1:3 mr\",\"a 7:* rmw\"]",
        "blkio_config|\"blkio_config: {weight: 300, device_read_bps: [{path: /dev/sda, rate: 12mb}]}\"|{\"weight\":300,\"device_read_bps\":[{\"path\":\"/dev/sda\",\"rate\":\"12582912\"}]}",
        "runtime|runtime: runc|runc",
        "uts|uts: host|host",
        "userns_mode|userns_mode: host|host",
        "mac_address|mac_address: 02:42:ac:11:65:43|02:42:ac:11:65:43",
        "stdin_open|stdin_open: true|true",
        "tty|tty: true|true",
        "external_links|\"external_links: [legacy-db, 'cache:redis']\"|[\"legacy-db\",\"cache:redis\"]",
        "platform|platform: linux/arm64/v8|linux/arm64/v8",
        "gpus|gpus: all|[{\"count\":-1}]",
        "cpu_rt_runtime|cpu_rt_runtime: 400ms|400000",
        "cpu_rt_period|cpu_rt_period: 1400000|1400000",
        "storage_opt|storage_opt: {size: 1G}|{\"size\":\"1G\"}",
        "annotations|annotations: {com.example.foo: bar}|{\"com.example.foo\":\"bar\"}",
      })
  void containerKeyInTheResolvedModel(String key, String entry, String printed) throws Exception {
    ComposeService s = only("services:\n  app:\n    image: alpine:3.17\n    " + entry + "\n");

    Object value = ComposeJson.service(s).get(key);
    String json = value instanceof String text ? text : new ObjectMapper().writeValueAsString(value);
    assertThat(json).isEqualTo(printed);
  }

  /** 05-services.md networks mac_address: loads; the targets refuse it per network (TargetKeysTest). */
  @Test
  void aMacAddressPerNetworkKeepsItsPlace() throws Exception {
    ComposeProject project = Spec.load(dir, """
        services:
          app:
            image: alpine:3.17
            networks:
              back:
                mac_address: 02:42:ac:11:00:99
        networks:
          back:
        """);

    assertThat(project.places().find("app", "networks.*.mac_address")).singleElement()
        .satisfies(found -> assertThat(found.place().line()).isEqualTo(6));
  }

  /**
   * 05-services.md gpus and 07-deploy.md devices: capabilities, driver, count (all: -1; neither
   * count nor device_ids: all) and device_ids, printed as compose-go does.
   */
  @Test
  void gpusAndReservedDevices() throws Exception {
    ComposeService s = only("""
        services:
          app:
            image: alpine:3.17
            gpus:
              - driver: nvidia
                device_ids: ["0", "GPU-3a"]
            deploy:
              resources:
                reservations:
                  memory: 32m
                  devices:
                    - capabilities: [gpu, utility]
                      driver: nvidia
                      count: all
                      options: {virtualization: "false"}
                    - capabilities: [tpu]
        """);

    ServiceOptions.Extended e = s.options().extended();
    assertThat(e.gpus()).containsExactly(new ServiceOptions.DeviceRequest(List.of(), "nvidia", null,
        List.of("0", "GPU-3a"), Map.of()));
    assertThat(e.reservedDevices()).extracting(ServiceOptions.DeviceRequest::count).containsExactly(-1L, -1L);
    String json = new ObjectMapper().writeValueAsString(ComposeJson.service(s));
    assertThat(json).contains("\"gpus\":[{\"driver\":\"nvidia\",\"device_ids\":[\"0\",\"GPU-3a\"]}]")
        .contains("\"reservations\":{\"memory\":\"33554432\",\"devices\":[{\"capabilities\":[\"gpu\",\"utility\"],"
            + "\"driver\":\"nvidia\",\"count\":-1,\"options\":{\"virtualization\":\"false\"}},"
            + "{\"capabilities\":[\"tpu\"],\"count\":-1}]}");
  }

  /**
   * 07-deploy.md generic_resources: each a discrete_resource_spec of kind and value, kept in the
   * model and printed as compose-go does.
   */
  @Test
  void genericResources() throws Exception {
    ComposeService s = only("""
        services:
          app:
            image: alpine:3.17
            deploy:
              resources:
                reservations:
                  generic_resources:
                    - discrete_resource_spec: {kind: gpu, value: 2}
                    - discrete_resource_spec: {kind: ssd, value: 1}
        """);

    assertThat(s.options().extended().genericResources()).containsExactly(
        new ServiceOptions.GenericResource("gpu", 2), new ServiceOptions.GenericResource("ssd", 1));
    Object reservations = ((Map<?, ?>) ((Map<?, ?>) ComposeJson.service(s).get("deploy")).get("resources"))
        .get("reservations");
    assertThat(new ObjectMapper().writeValueAsString(reservations)).isEqualTo("{\"generic_resources\":["
        + "{\"discrete_resource_spec\":{\"kind\":\"gpu\",\"value\":2}},"
        + "{\"discrete_resource_spec\":{\"kind\":\"ssd\",\"value\":1}}]}");
  }

  /** 07-deploy.md generic_resources: an item without a discrete_resource_spec names its place. */
  @Test
  void aGenericResourceWithoutItsSpecIsRefused() {
    ComposeException e = Spec.failure(dir, """
        services:
          app:
            image: alpine:3.17
            deploy:
              resources:
                reservations:
                  generic_resources: [{discrete_resource_spec: {kind: gpu}}]
        """);

    assertThat(e.key()).isEqualTo("services.app.deploy.resources.reservations.generic_resources[0]"
        + ".discrete_resource_spec");
    assertThat(e.reason()).isEqualTo("expected kind and value");
  }

  /** 07-deploy.md devices: count and device_ids are mutually exclusive. */
  @Test
  void aDeviceWithCountAndIdsIsRefused() {
    ComposeException e = Spec.failure(dir, """
        services:
          app:
            image: alpine:3.17
            gpus: [{count: 2, device_ids: ["0"]}]
        """);

    assertThat(e.key()).isEqualTo("services.app.gpus[0].count");
    assertThat(e.reason()).isEqualTo("count and device_ids cannot be combined");
  }

  /** 05-services.md platform: os[/arch[/variant]] as an image index names it; anything else names the key. */
  @Test
  void aBadPlatformNamesTheKey() {
    ComposeException e = Spec.failure(dir, """
        services:
          app:
            image: alpine:3.17
            platform: amd64
        """);

    assertThat(e.key()).isEqualTo("services.app.platform");
    assertThat(e.reason()).startsWith("invalid platform 'amd64'");
  }

  /**
   * 05-services.md networks: link_local_ips, priority and mac_address per network, kept in the
   * model and printed as compose-go does.
   */
  @Test
  void linkLocalAddressesPriorityAndMacPerNetwork() throws Exception {
    ComposeService s = only("""
        services:
          app:
            image: alpine:3.17
            networks:
              front:
                priority: 10
              back:
                priority: 100
                link_local_ips: [169.254.10.10]
                mac_address: 02:42:ac:11:00:99
        networks:
          front:
          back:
        """);

    assertThat(s.options().networkSettings().get("back")).isEqualTo(new ServiceOptions.Attachment(List.of(), null,
        null, List.of("169.254.10.10"), 100, "02:42:ac:11:00:99"));
    assertThat(new ObjectMapper().writeValueAsString(ComposeJson.service(s).get("networks"))).isEqualTo(
        "{\"front\":{\"priority\":10},\"back\":{\"link_local_ips\":[\"169.254.10.10\"],\"priority\":100,"
            + "\"mac_address\":\"02:42:ac:11:00:99\"}}");
  }

  /** 05-services.md label_file: labels read from files in order, the service's labels over them. */
  @Test
  void labelFile() throws Exception {
    ComposeService s = Spec.load(dir, """
        services:
          app:
            image: alpine:3.17
            label_file: ./app.labels
            labels:
              com.example.b: from-labels
        """, "app.labels", "com.example.a=from-file\ncom.example.b=from-file\n").service("app");

    assertThat(s.labels()).containsEntry("com.example.a", "from-file").containsEntry("com.example.b", "from-labels");
    assertThat(ComposeJson.service(s)).doesNotContainKey("label_file");
  }

  /** 05-services.md: logging, devices, cpu_shares, cpu_quota, cpu_period, cpuset; 06-build.md: target. */
  @Test
  void loggingDevicesCpuAndBuildTarget() throws Exception {
    ComposeService s = only("""
        services:
          app:
            image: alpine:3.17
            build:
              context: .
              target: runtime
            logging:
              driver: json-file
              options:
                max-size: 1m
                max-file: 3
            devices:
              - /dev/null
              - /dev/zero:/dev/nothing
              - /dev/urandom:/dev/random:r
            cpu_shares: 512
            cpu_quota: 50000
            cpu_period: 100000
            cpuset: "0"
        """);

    assertThat(s.build().target()).isEqualTo("runtime");
    assertThat(s.options().logging()).isEqualTo(new ServiceOptions.Logging("json-file",
        java.util.Map.of("max-size", "1m", "max-file", "3")));
    assertThat(s.options().devices()).containsExactly(
        new ServiceOptions.DeviceMapping("/dev/null", "/dev/null", "rwm"),
        new ServiceOptions.DeviceMapping("/dev/zero", "/dev/nothing", "rwm"),
        new ServiceOptions.DeviceMapping("/dev/urandom", "/dev/random", "r"));
    assertThat(s.options().cpu()).isEqualTo(new ServiceOptions.Cpu(512, 50000L, 100000L, "0"));
  }

  /** 05-services.md devices: HOST_PATH:CONTAINER_PATH[:CGROUP_PERMISSIONS]; anything else names the item. */
  @Test
  void aBadDeviceNamesItsItem() {
    ComposeException e = Spec.failure(dir, """
        services:
          app:
            image: alpine:3.17
            devices: ["/dev/null:/dev/x:rwx"]
        """);

    assertThat(e.key()).isEqualTo("services.app.devices[0]");
    assertThat(e.reason()).startsWith("invalid device '/dev/null:/dev/x:rwx'");
  }

  /** Not in the spec: still unknown, with a suggestion that may be an applied key or an unhonoured one. */
  @Test
  void unknownKeySuggestsTheSpelling() {
    ComposeException e = Spec.failure(dir, """
        services:
          app:
            image: alpine:3.17
            containr_name: x
        """);

    assertThat(e.reason()).isEqualTo("unknown or unsupported key 'containr_name' (did you mean 'container_name'?)");
  }

  /** compose-go loader_test TestLoadWithDuplicateEnvironment-style: a later list entry wins. */
  @Test
  void duplicateEnvironmentEntryKeepsTheLast() throws Exception {
    ComposeService s = only("""
        services:
          app:
            image: alpine:3.17
            environment:
              - MODE=first
              - MODE=second
        """);

    assertThat(s.environment()).containsEntry("MODE", "second");
  }

  /** compose-go: env_file interpolation sees the service's environment before the project's. */
  @Test
  void envFileInterpolationSeesServiceEnvironment() throws Exception {
    ComposeService s = Spec.load(dir, """
        services:
          app:
            image: alpine:3.17
            env_file: app.env
            environment:
              REGION: eu
        """, "app.env", "BUCKET=assets-${REGION}\n").service("app");

    assertThat(s.environment()).containsEntry("BUCKET", "assets-eu").containsEntry("REGION", "eu");
  }
}
