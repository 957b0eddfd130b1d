package dev.deployer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.infrastructure.check.CheckResult;
import dev.deployer.infrastructure.compose.ComposeLoader;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.config.DeploymentConfig;
import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.engine.ImageConfig;
import dev.deployer.infrastructure.engine.SwarmEngine;
import dev.deployer.infrastructure.event.EventSink;
import dev.deployer.pipeline.swarm.SwarmPreDeployChecksStep;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key a target cannot honour fails its pre-deployment checks with file, line, key and reason,
 * and the engine is only read: nothing is created, started or removed.
 */
class TargetKeysTest {

  /** What the fake engines may be asked before anything changes. */
  private static final Set<String> READS = Set.of("info", "nodes", "imageId", "imageConfig", "containers", "network", "volume",
      "container", "swarm", "services", "close", "toString", "hashCode");

  @TempDir
  Path work;

  final List<String> calls = new ArrayList<>();

  ComposeProject project(String compose) throws Exception {
    Path file = Files.writeString(work.resolve("compose.yaml"), "name: demo\n" + compose);
    return new ComposeLoader(Map.of()).load(file, Set.of());
  }

  @SuppressWarnings("unchecked")
  <T> T recording(Class<T> type) {
    return (T) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type},
        (proxy, method, args) -> {
          calls.add(method.getName());
          return switch (method.getName()) {
            case "info" -> new ContainerEngine.EngineInfo("20.10.24", "1.41", "linux", work.toString(), true);
            case "imageId" -> Optional.of("sha256:present");
            case "imageConfig" -> Optional.of(new ImageConfig("sha256:present", "", List.of(), List.of(), List.of(),
                "linux/amd64"));
            case "containers", "services", "nodes" -> List.of();
            case "network", "volume", "container" -> Optional.empty();
            case "swarm" -> new SwarmEngine.SwarmState("active", "n1", "127.0.0.1", true, 1, 1, null);
            case "close" -> null;
            default -> throw new UnsupportedOperationException(method.getName());
          };
        });
  }

  DeployContext context(ComposeProject project) {
    DeployRequest request = new DeployRequest("local", work.resolve("compose.yaml"), work, Map.of(), null);
    DeployContext context = new DeployContext(request, EventSink.NONE, settings -> recording(ContainerEngine.class));
    context.loaded(DeploymentConfig.forComposeFile("demo", work.resolve("compose.yaml"),
        Map.of("DOCKER_HOST", "tcp://10.9.8.7:2376")), project);
    return context;
  }

  @Test
  void swarmOnlyKeysTheSingleHostCannotHonourAreRefusedWithFileLineAndKey() throws Exception {
    ComposeProject project = project("""
        services:
          api:
            image: demo-api:1
            deploy:
              mode: replicated-job
              replicas: 3
              endpoint_mode: vip
              labels:
                traefik.enable: "true"
              placement:
                constraints: [node.role == manager]
        """);

    List<CheckResult> results = TargetKeys.check(project, TargetKeys.SINGLE_HOST, "single-host", "pre-deployment");

    String file = work.resolve("compose.yaml").toString();
    assertThat(results).allSatisfy(r -> assertThat(r.failed()).isTrue()).extracting(CheckResult::actual).containsExactly(
        file + ":11: services.api.deploy.placement: not supported on the single-host target: placement chooses"
            + " among a swarm's nodes; the single-host target runs the stack's containers on one engine",
        file + ":6: services.api.deploy.mode: not supported on the single-host target: jobs run to completion"
            + " under Swarm; the single-host target runs long-lived services",
        file + ":8: services.api.deploy.endpoint_mode: not supported on the single-host target: there is no"
            + " virtual IP on one host: a service's name resolves to its container (as with dnsrr)",
        file + ":9: services.api.deploy.labels: not supported on the single-host target: labels of a Swarm"
            + " service; a container carries the service's own labels",
        file + ":7: services.api.deploy.replicas: not supported on the single-host target: the single-host"
            + " target runs exactly one container per service");
    assertThat(results).extracting(CheckResult::name).first().isEqualTo("compose key services.api.deploy.placement");
  }

  @Test
  void whatOneHostCanHonourPasses() throws Exception {
    ComposeProject project = project("""
        services:
          api:
            image: demo-api:1
            ports:
              - target: 80
                published: "8080"
                mode: host
            deploy:
              mode: global
              endpoint_mode: dnsrr
              replicas: 1
              update_config: {parallelism: 2, order: start-first}
              rollback_config: {parallelism: 0}
        """);

    assertThat(TargetKeys.check(project, TargetKeys.SINGLE_HOST, "single-host", "pre-deployment"))
        .singleElement().satisfies(r -> {
          assertThat(r.verdict()).isEqualTo(CheckResult.Verdict.PASS);
          assertThat(r.actual()).isEqualTo("all honoured");
        });
  }

  /** Lifecycle hooks and every pull policy are applied by the single-host targets (compose, blue/green). */
  @Test
  void hooksAndPullPoliciesPassOnOneHost() throws Exception {
    ComposeProject project = project("""
        services:
          api:
            image: demo-api:1
            pull_policy: every_12h
            post_start: [{command: touch /ready, user: root}]
            pre_stop: [{command: [sh, -c, "echo bye"]}]
          db:
            image: postgres:15
            pull_policy: refresh
            pull_refresh_after: 1d
        """);
    ContainerEngine.EngineInfo engine = new ContainerEngine.EngineInfo("20.10.24", "1.41", "linux", "/", false);

    assertThat(TargetKeys.check(project, TargetKeys.singleHost(engine), "single-host", "pre-deployment"))
        .singleElement().satisfies(r -> assertThat(r.verdict()).isEqualTo(CheckResult.Verdict.PASS));
  }

  /**
   * Swarm has no hooks; the swarm target runs the manager's image without pulling it again, so it
   * honours never, missing, if_not_present and build and refuses the policies that pull again.
   */
  @Test
  void theSwarmTargetRefusesHooksAndPoliciesThatPullAgainWithTheirReasons() throws Exception {
    ComposeProject project = project("""
        services:
          api:
            image: demo-api:1
            pull_policy: always
            post_start: [{command: touch /ready}]
            pre_stop: [{command: sync}]
          db:
            image: postgres:15
            pull_policy: every_1d
          cache:
            image: redis:7
            pull_policy: never
          web:
            image: demo-web:1
            pull_policy: if_not_present
        """);

    List<CheckResult> results = TargetKeys.check(project, TargetKeys.SWARM, "swarm", "pre-deployment");

    String file = work.resolve("compose.yaml").toString();
    assertThat(results).extracting(CheckResult::actual).containsExactlyInAnyOrder(
        file + ":5: services.api.pull_policy: not supported on the swarm target: the swarm target pulls nothing: it"
            + " runs the image the manager has (present, or built there) by its id or its registry digest, so it"
            + " cannot pull again; never, missing and if_not_present (a missing image fails its checks) and build"
            + " (built on the manager at every deploy) apply",
        file + ":10: services.db.pull_policy: not supported on the swarm target: the swarm target pulls nothing: it"
            + " runs the image the manager has (present, or built there) by its id or its registry digest, so it"
            + " cannot pull again; never, missing and if_not_present (a missing image fails its checks) and build"
            + " (built on the manager at every deploy) apply",
        file + ":6: services.api.post_start: not supported on the swarm target: Swarm has no lifecycle"
            + " hooks: the swarm starts and stops a task's container itself and runs no command in it around that"
            + " (docker stack deploy ignores them too)",
        file + ":7: services.api.pre_stop: not supported on the swarm target: Swarm has no lifecycle"
            + " hooks: the swarm starts and stops a task's container itself and runs no command in it around that"
            + " (docker stack deploy ignores them too)");
  }

  @Test
  void aVolumeSubpathAndAnUnknownLoggingDriverAreRefusedNamingTheEngine() throws Exception {
    ComposeProject project = project("""
        services:
          api:
            image: demo-api:1
            logging: {driver: splunk-ng}
            volumes:
              - type: volume
                source: data
                target: /data
                volume: {subpath: app}
        volumes:
          data:
        """);
    ContainerEngine.EngineInfo old = new ContainerEngine.EngineInfo("20.10.24", "1.41", "linux", "/", false);
    ContainerEngine.EngineInfo recent = new ContainerEngine.EngineInfo("27.0", "1.46", "linux", "/", false);

    List<CheckResult> onOld = TargetKeys.check(project, TargetKeys.singleHost(old), "single-host", "pre-deployment");
    List<CheckResult> onRecent = TargetKeys.check(project, TargetKeys.singleHost(recent), "single-host", "x");

    String file = work.resolve("compose.yaml").toString();
    assertThat(onOld).extracting(CheckResult::actual).containsExactly(
        file + ":10: services.api.volumes[0].volume.subpath: not supported on the single-host target: volume"
            + " subpaths need Engine API 1.45 (Docker Engine 26) or later; this engine is Docker 20.10.24 with API 1.41",
        file + ":5: services.api.logging.driver: not supported on the single-host target: the deployer's engine"
            + " client can set only these logging drivers: " + dev.deployer.infrastructure.engine.EngineLimits.LOG_DRIVERS);
    assertThat(onRecent).extracting(CheckResult::actual).first().asString()
        .endsWith("the deployer's engine client cannot send a volume subpath yet");
    assertThat(dev.deployer.infrastructure.engine.EngineLimits.LOG_DRIVERS).contains("json-file", "local", "syslog")
        .doesNotContain("default");
  }

  /** A Docker 20.10 engine on cgroup v2, overlay2 over ext4 and runc only: none of these can be honoured. */
  private static final ContainerEngine.EngineInfo PLAIN = new ContainerEngine.EngineInfo("20.10.24", "1.41", "linux",
      "/", false, null).withHost("2", "overlay2", Map.of("Backing Filesystem", "extfs"),
          Set.of("runc", "io.containerd.runc.v2"));

  /** A Docker 28.1 engine on cgroup v1, overlay2 over xfs, with the nvidia runtime. */
  private static final ContainerEngine.EngineInfo EQUIPPED = new ContainerEngine.EngineInfo("28.1.1", "1.49", "linux",
      "/", false, null).withHost("1", "overlay2", Map.of("Backing Filesystem", "xfs"), Set.of("runc", "nvidia"));

  private static final String ENGINE_KEYS = """
      services:
        api:
          image: demo-api:1
          gpus: all
          cpu_rt_runtime: 400ms
          cpu_rt_period: 1000000
          storage_opt: {size: 1G}
          annotations: {com.example.team: api}
          networks:
            back:
              mac_address: 02:42:ac:11:00:99
              driver_opts: {com.docker.network.endpoint.sysctls: "net.ipv4.conf.IFNAME.log_martians=1"}
              gw_priority: 10
              interface_name: eth7
          deploy:
            resources:
              reservations:
                devices: [{capabilities: [gpu], driver: nvidia, count: 1}]
      networks:
        back:
      """;

  /** Each key refused names what this engine lacks: runtimes, cgroup version, storage, API version. */
  @Test
  void keysAnEngineCannotHonourAreRefusedNamingWhatItLacks() throws Exception {
    ComposeProject project = project(ENGINE_KEYS);

    List<CheckResult> results = TargetKeys.check(project, TargetKeys.singleHost(PLAIN), "single-host", "x");

    String file = work.resolve("compose.yaml").toString();
    String target = " not supported on the single-host target: ";
    String gpus = "device requests need a GPU runtime (nvidia) on the engine; this engine has only"
        + " io.containerd.runc.v2, runc";
    String realTime = "real-time CPU time needs an engine on cgroup v1; this engine uses cgroup v2, which has no"
        + " real-time budget to give a container";
    String old = "this engine is Docker 20.10.24 with API 1.41";
    assertThat(results).allSatisfy(r -> assertThat(r.failed()).isTrue()).extracting(CheckResult::actual)
        .containsExactlyInAnyOrder(
            file + ":5: services.api.gpus:" + target + gpus,
            file + ":19: services.api.deploy.resources.reservations.devices:" + target + gpus,
            file + ":6: services.api.cpu_rt_runtime:" + target + realTime,
            file + ":7: services.api.cpu_rt_period:" + target + realTime,
            file + ":8: services.api.storage_opt:" + target + "overlay2 takes a size only over xfs mounted with"
                + " pquota; this engine's overlay2 is over extfs",
            file + ":9: services.api.annotations:" + target + "container annotations need Engine API 1.43 (Docker"
                + " Engine 24) or later; " + old,
            file + ":12: services.api.networks.back.mac_address:" + target + "a MAC address per network needs Engine"
                + " API 1.44 (Docker Engine 25) or later; " + old + "; set the service's mac_address for the"
                + " network it is created on",
            file + ":13: services.api.networks.back.driver_opts:" + target + "endpoint driver options per network"
                + " need Engine API 1.46 (Docker Engine 27.1) or later; " + old,
            file + ":14: services.api.networks.back.gw_priority:" + target + "a gateway priority per network needs"
                + " Engine API 1.48 (Docker Engine 28.0) or later; " + old,
            file + ":15: services.api.networks.back.interface_name:" + target + "an interface name per network needs"
                + " Engine API 1.49 (Docker Engine 28.1) or later; " + old);
  }

  /** On an engine that has all it takes, only what the engine client cannot send is left refused. */
  @Test
  void onAnEngineThatCanHonourThemOnlyWhatTheClientCannotSendIsRefused() throws Exception {
    ComposeProject project = project(ENGINE_KEYS);

    List<CheckResult> results = TargetKeys.check(project, TargetKeys.singleHost(EQUIPPED), "single-host", "x");

    String client = "this engine (API 1.49) takes it, but the deployer's engine client (docker-java 3.7.0) cannot"
        + " send it yet";
    assertThat(results).extracting(CheckResult::name).containsExactlyInAnyOrder(
        "compose key services.api.networks.back.driver_opts", "compose key services.api.networks.back.gw_priority",
        "compose key services.api.networks.back.interface_name");
    assertThat(results).extracting(CheckResult::actual).allSatisfy(actual -> assertThat(actual).endsWith(client));
  }

  /** storage_opt: devicemapper, btrfs and zfs take a size; other drivers, or one not reported, do not. */
  @Test
  void aStorageOptionIsRefusedByTheEnginesStorageDriver() throws Exception {
    ComposeProject project = project("services:\n  api:\n    image: demo-api:1\n    storage_opt: {size: 1G}\n");

    for (String driver : List.of("devicemapper", "btrfs", "zfs")) {
      assertThat(TargetKeys.check(project, TargetKeys.singleHost(PLAIN.withHost("2", driver, Map.of(), Set.of())),
          "single-host", "x")).as(driver).extracting(CheckResult::actual).containsExactly("all honoured");
    }
    assertThat(TargetKeys.check(project, TargetKeys.singleHost(PLAIN.withHost("2", "vfs", Map.of(), Set.of())),
        "single-host", "x")).singleElement().satisfies(r -> assertThat(r.actual()).endsWith("the engine's vfs storage"
            + " driver takes no storage options (devicemapper, btrfs, zfs and overlay2 over xfs do)"));
    assertThat(TargetKeys.check(project, TargetKeys.singleHost(PLAIN.withHost(null, null, null, null)),
        "single-host", "x")).singleElement().satisfies(r -> assertThat(r.actual()).endsWith("storage options depend"
            + " on the engine's storage driver, and the engine did not report it"));
  }

  /** Reported by an engine that does not say: refused, saying so. */
  @Test
  void anEngineThatReportsNoRuntimesOrCgroupVersionHasGpusAndRealTimeRefused() throws Exception {
    ComposeProject project = project("services:\n  api:\n    image: demo-api:1\n    gpus: all\n"
        + "    cpu_rt_runtime: 950\n");
    ContainerEngine.EngineInfo silent = new ContainerEngine.EngineInfo("20.10.24", "1.41", "linux", "/", false);

    assertThat(TargetKeys.check(project, TargetKeys.singleHost(silent), "single-host", "x"))
        .extracting(CheckResult::actual).containsExactlyInAnyOrder(
            work.resolve("compose.yaml") + ":5: services.api.gpus: not supported on the single-host target: device"
                + " requests need a GPU runtime (nvidia) on the engine, and the engine did not report its runtimes",
            work.resolve("compose.yaml") + ":6: services.api.cpu_rt_runtime: not supported on the single-host"
                + " target: real-time CPU time needs an engine on cgroup v1, and the engine did not report its cgroup"
                + " version");
  }

  /** Keys any single-host engine honours are not refused at all. */
  @Test
  void terminalExternalLinksPlatformAndNetworkOrderPassEverywhere() throws Exception {
    ComposeProject project = project("""
        services:
          api:
            image: demo-api:1
            stdin_open: true
            tty: true
            external_links: [legacy-db:db]
            platform: linux/amd64
            networks:
              back: {priority: 100, link_local_ips: [169.254.10.10]}
              front: {priority: 10}
        networks:
          back:
          front:
        """);

    assertThat(TargetKeys.check(project, TargetKeys.singleHost(PLAIN), "single-host", "x"))
        .extracting(CheckResult::actual).containsExactly("all honoured");
  }

  /** platform: an image on the engine for another platform stops the deploy, naming both. */
  @Test
  void aPlatformTheLocalImageDoesNotMatchStopsBeforeAnythingChanges() throws Exception {
    DeployContext context = context(project("""
        services:
          api:
            image: demo-api:1
            platform: linux/arm64/v8
          web:
            image: demo-web:1
            platform: linux/x86_64
        """));

    assertThatThrownBy(() -> new PreDeployChecksStep(false).run(context))
        .isInstanceOf(PipelineException.class)
        .satisfies(e -> assertThat(((PipelineException) e).failedChecks()).extracting(CheckResult::actual)
            .containsExactly(work.resolve("compose.yaml") + ":5: services.api.platform: the image demo-api:1 on the"
                + " engine is for linux/amd64, not linux/arm64/v8; pull or build it for linux/arm64/v8, or change"
                + " platform"));
    assertThat(context.checks()).filteredOn(c -> c.name().equals("platform web")).singleElement()
        .satisfies(c -> assertThat(c.verdict()).isEqualTo(CheckResult.Verdict.PASS));
    assertThat(calls).isNotEmpty().allSatisfy(call -> assertThat(READS).contains(call));
  }

  @Test
  void theRepositorysStacksPassOnEveryTarget() throws Exception {
    ContainerEngine.EngineInfo engine = new ContainerEngine.EngineInfo("20.10.24", "1.41", "linux", "/", false);
    for (String file : List.of("../compose.yaml", "../examples/web-redis/compose.yaml")) {
      ComposeProject project = new ComposeLoader(Map.of()).load(Path.of(file), Set.of());

      assertThat(TargetKeys.check(project, TargetKeys.singleHost(engine), "single-host", "x")).as(file)
          .extracting(CheckResult::actual).containsExactly("all honoured");
      assertThat(TargetKeys.check(project, TargetKeys.SWARM, "swarm", "x")).as(file)
          .extracting(CheckResult::actual).containsExactly("all honoured");
    }
  }

  /** The loader accepts every key of the spec; the target that cannot honour one names itself. */
  @Test
  void aSpecKeyNoTargetHonoursIsRefusedByEachNamingItselfAndTheTopLevelPlace() throws Exception {
    ComposeProject project = project("""
        services:
          api:
            image: demo-api:1
            use_api_socket: true
            cpu_count: 2
            build: {context: ., ssh: [default]}
            networks: [back]
        networks:
          back:
            enable_ipv4: false
        models:
          llm: {model: ai/smollm2}
        """);
    ContainerEngine.EngineInfo engine = new ContainerEngine.EngineInfo("20.10.24", "1.41", "linux", "/", false);

    String file = work.resolve("compose.yaml").toString();
    for (var target : Map.of("single-host", TargetKeys.singleHost(engine), "swarm", TargetKeys.SWARM).entrySet()) {
      assertThat(TargetKeys.check(project, target.getValue(), target.getKey(), "x")).as(target.getKey())
          .allSatisfy(r -> assertThat(r.failed()).isTrue())
          .extracting(CheckResult::actual).containsExactlyInAnyOrder(
              file + ":12: models: not supported on the " + target.getKey() + " target: AI models need Docker Model"
                  + " Runner, which the deployer does not drive",
              file + ":5: services.api.use_api_socket: not supported on the " + target.getKey() + " target:"
                  + " mounting the engine's API socket is refused: it gives the container the host",
              file + ":11: networks.back.enable_ipv4: not supported on the " + target.getKey() + " target: needs"
                  + " Engine API 1.47; the engine always enables IPv4 on a network",
              file + ":6: services.api.cpu_count: not supported on the " + target.getKey() + " target: applies to"
                  + " Windows containers only; the engine runs Linux containers",
              file + ":7: services.api.build.ssh: not supported on the " + target.getKey() + " target: forwarding"
                  + " SSH agents or keys to RUN steps needs BuildKit; the deployer builds with the engine's classic"
                  + " builder");
    }
  }

  /** 05-services.md volumes: mount types a Linux engine or a target cannot mount. */
  @Test
  void mountTypesATargetCannotMountAreRefusedWithTheirReason() throws Exception {
    ComposeProject project = project("""
        services:
          api:
            image: demo-api:1
            volumes:
              - {type: npipe, source: a, target: /a}
              - {type: image, source: alpine:3.17, target: /b}
              - {type: cluster, source: shared, target: /c}
        """);
    ContainerEngine.EngineInfo engine = new ContainerEngine.EngineInfo("20.10.24", "1.41", "linux", "/", false);

    assertThat(TargetKeys.check(project, TargetKeys.singleHost(engine), "single-host", "x"))
        .extracting(CheckResult::actual).map(text -> text.substring(text.indexOf(": services.") + 2))
        .containsExactlyInAnyOrder(
            "services.api.volumes[0].type: not supported on the single-host target: named pipes exist on Windows"
                + " only; applies to Windows containers only; the engine runs Linux containers",
            "services.api.volumes[1].type: not supported on the single-host target: image mounts need Engine API"
                + " 1.48 (Docker Engine 28); the deployer's engine client cannot send one yet",
            "services.api.volumes[2].type: not supported on the single-host target: cluster volumes live in a"
                + " swarm with a CSI plugin");
    assertThat(TargetKeys.check(project, TargetKeys.SWARM, "swarm", "x")).extracting(CheckResult::actual)
        .anySatisfy(text -> assertThat(text).endsWith("services.api.volumes[2].type: not supported on the swarm"
            + " target: cluster volumes need a CSI plugin; not applied by the swarm target yet"))
        .hasSize(3);
  }

  /** 05-services.md volumes: an anonymous volume's labels are applied by both targets, so neither refuses them. */
  @Test
  void anonymousVolumeLabelsPassOnBothTargets() throws Exception {
    ComposeProject project = project("""
        services:
          api:
            image: demo-api:1
            volumes:
              - type: volume
                target: /cache
                volume: {labels: {tier: cache}}
        """);
    ContainerEngine.EngineInfo engine = new ContainerEngine.EngineInfo("20.10.24", "1.41", "linux", "/", false);

    assertThat(TargetKeys.check(project, TargetKeys.singleHost(engine), "single-host", "x"))
        .noneMatch(CheckResult::failed);
    assertThat(TargetKeys.check(project, TargetKeys.SWARM, "swarm", "x")).noneMatch(CheckResult::failed);
  }

  /** 06-build.md: what the engine's classic builder takes (API 1.41 /build) passes on both targets. */
  @Test
  void theBuildKeysTheClassicBuilderTakesPassOnBothTargets() throws Exception {
    ComposeProject project = project("""
        services:
          api:
            build:
              context: .
              dockerfile_inline: "FROM alpine:3.17"
              labels: {team: core}
              tags: [demo-api:extra]
              cache_from: [demo-api:previous]
              no_cache: true
              pull: false
              network: host
              shm_size: 64m
              extra_hosts: ["db:10.0.0.5"]
              platforms: [linux/amd64]
              privileged: false
        """);
    ContainerEngine.EngineInfo engine = engine("linux/amd64");

    for (var rules : List.of(TargetKeys.singleHost(engine), TargetKeys.swarm(engine))) {
      assertThat(TargetKeys.check(project, rules, "t", "x")).extracting(CheckResult::actual)
          .containsExactly("all honoured");
    }
  }

  /**
   * docker/compose build_classic.go refuses ssh, secrets, additional_contexts, privileged and several
   * platforms; cache export, cache backends and entitlements exist in BuildKit only; ulimits the
   * engine takes but docker-java cannot send.
   */
  @Test
  void buildKitsKeysAndUlimitsAreRefusedWithTheirReasons() throws Exception {
    ComposeProject project = project("""
        services:
          api:
            build:
              context: .
              secrets: [token]
              cache_to: [type=local,dest=/tmp/cache]
              cache_from: [demo-api:previous, "type=registry,ref=demo/cache"]
              additional_contexts: {base: ../base}
              entitlements: [network.host]
              privileged: true
              ulimits: {nofile: 1024}
        secrets:
          token: {file: ./token}
        """);
    Files.writeString(work.resolve("token"), "t");

    String file = work.resolve("compose.yaml").toString();
    String classic = "; the deployer builds with the engine's classic builder";
    assertThat(TargetKeys.check(project, TargetKeys.singleHost(engine("linux/amd64")), "single-host", "x"))
        .extracting(CheckResult::actual).containsExactlyInAnyOrder(
            file + ":6: services.api.build.secrets: not supported on the single-host target: build secrets"
                + " (RUN --mount=type=secret) need BuildKit" + classic,
            file + ":7: services.api.build.cache_to: not supported on the single-host target: exporting the build"
                + " cache needs BuildKit" + classic,
            file + ":8: services.api.build.cache_from[1]: not supported on the single-host target: a cache backend"
                + " (type=...) needs BuildKit; the classic builder takes images on the engine as cache sources",
            file + ":9: services.api.build.additional_contexts: not supported on the single-host target: named"
                + " additional build contexts need BuildKit" + classic,
            file + ":10: services.api.build.entitlements: not supported on the single-host target: build"
                + " entitlements are granted by BuildKit" + classic,
            file + ":11: services.api.build.privileged: not supported on the single-host target: privileged RUN"
                + " steps (the security.insecure entitlement) need BuildKit" + classic,
            file + ":12: services.api.build.ulimits: not supported on the single-host target: the engine's classic"
                + " builder takes ulimits, but the deployer's engine client (docker-java 3.7.0) cannot send them");
  }

  /** 06-build.md platforms: the classic builder builds for the engine's platform only; the check names it. */
  @Test
  void aBuildPlatformOtherThanTheEnginesIsRefusedNamingTheEnginesPlatform() throws Exception {
    ComposeProject project = project("""
        services:
          api:
            build:
              context: .
              platforms: [linux/amd64, linux/arm64]
          worker:
            build:
              context: .
              platforms: [linux/x86_64]
        """);

    String file = work.resolve("compose.yaml").toString();
    for (var target : Map.of("single-host", TargetKeys.singleHost(engine("linux/amd64")),
        "swarm", TargetKeys.swarm(engine("linux/amd64"))).entrySet()) {
      assertThat(TargetKeys.check(project, target.getValue(), target.getKey(), "x")).extracting(CheckResult::actual)
          .containsExactly(file + ":6: services.api.build.platforms[1]: not supported on the " + target.getKey()
              + " target: the engine's classic builder builds for its own platform, linux/amd64 (Docker 20.10.24);"
              + " building for another, or for several, needs BuildKit");
    }
    assertThat(TargetKeys.check(project, TargetKeys.singleHost(engine("linux/arm64")), "single-host", "x"))
        .extracting(CheckResult::name)
        .containsExactly("compose key services.api.build.platforms[0]", "compose key services.worker.build.platforms[0]");
    assertThat(TargetKeys.check(project, TargetKeys.singleHost(engine(null)), "single-host", "x"))
        .extracting(CheckResult::actual).allSatisfy(actual -> assertThat(actual)
            .contains("the engine did not report its platform (Docker 20.10.24)"));
  }

  private static ContainerEngine.EngineInfo engine(String platform) {
    return new ContainerEngine.EngineInfo("20.10.24", "1.41", "linux", "/", false, null, platform);
  }

  @Test
  void aKeyFromAnOverrideFileIsNamedInThatFile() throws Exception {
    Path base = Files.writeString(work.resolve("compose.yaml"), "name: demo\nservices:\n  api:\n    image: a:1\n");
    Path override = Files.writeString(work.resolve("compose.prod.yaml"),
        "services:\n  api:\n    domainname: example.com\n    networks:\n      default:\n        aliases: [web]\n");
    ComposeProject project = new ComposeLoader(Map.of()).load(List.of(base, override), Set.of(), null);

    assertThat(TargetKeys.check(project, TargetKeys.SWARM, "swarm", "pre-deployment"))
        .extracting(CheckResult::actual)
        .containsExactlyInAnyOrder(
            override + ":3: services.api.domainname: not supported on the swarm target: a Swarm service's"
                + " container spec has a hostname but no domain name");
  }

  @Test
  void theComposeTargetsChecksStopBeforeAnythingChanges() throws Exception {
    DeployContext context = context(project("""
        services:
          api:
            image: demo-api:1
            deploy:
              placement:
                constraints: [node.role == manager]
        """));

    assertThatThrownBy(() -> new PreDeployChecksStep(false).run(context))
        .isInstanceOf(PipelineException.class)
        .satisfies(e -> {
          PipelineException failure = (PipelineException) e;
          assertThat(failure.kind()).isEqualTo(PipelineException.Kind.PRE_CHECK_FAILED);
          assertThat(failure.getMessage()).contains("nothing was changed");
          assertThat(failure.failedChecks()).extracting(CheckResult::name)
              .containsExactly("compose key services.api.deploy.placement");
        });
    assertThat(calls).isNotEmpty().allSatisfy(call -> assertThat(READS).contains(call));
  }

  @Test
  void theSwarmTargetRefusesSingleHostKeysBeforeAnythingChanges() throws Exception {
    DeployContext context = context(project("""
        services:
          db:
            image: postgres:15
            container_name: db
            privileged: true
            links: [cache]
            deploy:
              mode: replicated-job
          cache:
            image: redis:7
            tmpfs: [/data]
        """));
    SwarmPreDeployChecksStep step = new SwarmPreDeployChecksStep(docker -> recording(SwarmEngine.class));

    assertThatThrownBy(() -> step.run(context))
        .isInstanceOf(PipelineException.class)
        .satisfies(e -> assertThat(((PipelineException) e).kind()).isEqualTo(PipelineException.Kind.PRE_CHECK_FAILED));

    String file = work.resolve("compose.yaml").toString();
    assertThat(context.checks()).filteredOn(CheckResult::failed).extracting(CheckResult::actual).containsExactlyInAnyOrder(
        file + ":5: services.db.container_name: not supported on the swarm target: Swarm names each task itself;"
            + " a single-host key that Swarm services do not have (docker stack deploy ignores it too)",
        file + ":7: services.db.links: not supported on the swarm target: a single-host key that Swarm services do"
            + " not have (docker stack deploy ignores it too); services find each other by name on their networks",
        file + ":6: services.db.privileged: not supported on the swarm target: a single-host key that Swarm"
            + " services do not have (docker stack deploy ignores it too)",
        file + ":9: services.db.deploy.mode: not supported on the swarm target: not applied by the swarm target"
            + " yet: it runs replicated and global services",
        file + ":12: services.cache.tmpfs: not supported on the swarm target: a single-host key that Swarm"
            + " services do not have (docker stack deploy ignores it too); use a volume of type tmpfs");
    assertThat(calls).isNotEmpty().allSatisfy(call -> assertThat(READS).contains(call));
  }

  @Test
  void theSwarmTargetRefusesTheCgroupMemoryAndNamespaceKeysTheSingleHostApplies() throws Exception {
    ComposeProject project = project("""
        services:
          app:
            image: alpine:3.17
            group_add: [1234]
            oom_score_adj: 300
            mac_address: 02:42:ac:11:00:99
            blkio_config: {weight: 300}
            cgroup: private
        """);

    List<CheckResult> failed = TargetKeys.check(project, TargetKeys.SWARM, "swarm", "compose keys").stream()
        .filter(CheckResult::failed).toList();

    assertThat(failed).extracting(CheckResult::actual)
        .noneSatisfy(text -> assertThat(text).contains("group_add"))
        .anySatisfy(text -> assertThat(text).contains("services.app.oom_score_adj: not supported on the swarm target: a"
            + " Swarm service takes OomScoreAdj from Engine API 1.46 (Docker 27) on"))
        .anySatisfy(text -> assertThat(text).contains("services.app.mac_address: not supported on the swarm target: a"
            + " single-host key"))
        .anySatisfy(text -> assertThat(text).contains("services.app.blkio_config: not supported"))
        .anySatisfy(text -> assertThat(text).contains("services.app.cgroup: not supported"))
        .hasSize(4);
    assertThat(TargetKeys.check(project, TargetKeys.SINGLE_HOST, "compose", "compose keys"))
        .noneMatch(CheckResult::failed);
  }

  /**
   * 09-secrets.md / 08-configs.md: external sources, secret drivers and templating are refused on
   * one host with their place; the swarm target takes all of them but a secret driver and a
   * template driver other than golang.
   */
  @Test
  void secretsAndConfigsEachTargetCannotHonourAreRefusedWithTheirPlace() throws Exception {
    ComposeProject project = project("""
        services:
          api:
            image: demo-api:1
            secrets: [token, vault]
            configs: [shared, tpl]
        secrets:
          token:
            external: true
          vault:
            file: ./vault.txt
            driver: vaultd
            driver_opts: {path: x}
        configs:
          shared:
            external: true
            name: prod_shared
          tpl:
            content: "{{ .Service.Name }}"
            template_driver: golang
        """);
    ContainerEngine.EngineInfo engine = new ContainerEngine.EngineInfo("20.10.24", "1.41", "linux", "/", false);
    String file = work.resolve("compose.yaml").toString();

    assertThat(TargetKeys.check(project, TargetKeys.singleHost(engine), "single-host", "x"))
        .extracting(CheckResult::actual).containsExactlyInAnyOrder(
            file + ":9: secrets.token.external: not supported on the single-host target: an external secret lives"
                + " in a Swarm's secret store, which a single engine does not have; give a file or environment source",
            file + ":16: configs.shared.external: not supported on the single-host target: an external config"
                + " lives in a Swarm's config store, which a single engine does not have; give a file, environment"
                + " or content source",
            file + ":12: secrets.vault.driver: not supported on the single-host target: a secret driver is a Swarm"
                + " secret-store plugin; the single-host target writes the secret into the container itself",
            file + ":13: secrets.vault.driver_opts: not supported on the single-host target: a secret driver is a"
                + " Swarm secret-store plugin; the single-host target writes the secret into the container itself",
            file + ":20: configs.tpl.template_driver: not supported on the single-host target: Swarm renders a"
                + " templated secret or config as each task starts; the single-host target writes the value as it is");
    assertThat(TargetKeys.check(project, TargetKeys.SWARM, "swarm", "x"))
        .extracting(CheckResult::actual).containsExactlyInAnyOrder(
            file + ":12: secrets.vault.driver: not supported on the swarm target: secret-store plugins are not"
                + " applied by the swarm target yet: it keeps secrets in Swarm's own store",
            file + ":13: secrets.vault.driver_opts: not supported on the swarm target: secret-store plugins are not"
                + " applied by the swarm target yet: it keeps secrets in Swarm's own store");
  }

  /**
   * Compose bind-mounts a file source and ignores a grant's uid, gid and mode ("not supported, they
   * will be ignored"): the single host refuses them for a file source, with the grant's place, and
   * takes them for an environment or content source, which it writes into the container itself.
   */
  @Test
  void ownerAndModeOfABindMountedFileAreRefusedOnOneHostOnly() throws Exception {
    Files.writeString(work.resolve("pw.txt"), "pw");
    ComposeProject project = project("""
        services:
          api:
            image: demo-api:1
            secrets:
              - source: pw
                mode: 0400
              - source: token
                uid: "1000"
                mode: 0400
        secrets:
          pw:
            file: ./pw.txt
          token:
            environment: TOKEN
        """);
    String file = work.resolve("compose.yaml").toString();

    assertThat(SecretsConfigsChecks.singleHostOwnership(project, "x")).extracting(CheckResult::actual)
        .containsExactly(file + ":7: services.api.secrets[0].mode: not supported on the single-host target:"
            + " secrets from a file are bind-mounted, so the container sees the host file's own owner and mode;"
            + " use an environment source, or set them on the host file");
    assertThat(SecretsConfigsChecks.values(project, "x")).extracting(CheckResult::actual)
        .containsExactly(file + ":15: secrets.token.environment: environment variable TOKEN is not set");
  }

  /** The swarm target checks that an external secret exists before anything changes. */
  @Test
  void aMissingExternalSecretFailsTheSwarmChecks() throws Exception {
    ComposeProject project = project("""
        services:
          api:
            image: demo-api:1
            secrets: [token]
        secrets:
          token:
            external: true
            name: prod_token
        """);
    SwarmEngine swarm = new SwarmEngine() {
      @Override
      public Optional<String> fileObject(dev.deployer.infrastructure.engine.SwarmFileGrant.Kind kind, String name) {
        calls.add(kind + " " + name);
        return Optional.empty();
      }

      public SwarmState swarm() { return null; }
      public void init(String a) { }
      public void leave(boolean f) { }
      public boolean ensureNetwork(dev.deployer.infrastructure.engine.NetworkConfig n) { return false; }
      public void removeNetwork(String n) { }
      public List<String> networks(Map<String, String> l) { return List.of(); }
      public List<SwarmService> services(Map<String, String> l) { return List.of(); }
      public Optional<SwarmService> service(String n) { return Optional.empty(); }
      public String createService(dev.deployer.infrastructure.engine.SwarmServiceSpec s) { return null; }
      public void updateService(String i, long v, dev.deployer.infrastructure.engine.SwarmServiceSpec s) { }
      public void rollbackService(String i) { }
      public void removeService(String i) { }
      public List<SwarmTask> tasks(String s) { return List.of(); }
      public List<String> taskLogs(String t, int n) { return List.of(); }
      public void close() { }
    };

    assertThat(SecretsConfigsChecks.externals(project, swarm, "x")).singleElement().satisfies(r -> {
      assertThat(r.failed()).isTrue();
      assertThat(r.actual()).isEqualTo(work.resolve("compose.yaml") + ":8: secrets.token.external: the swarm has"
          + " no secret named prod_token; create it (docker secret create) first");
    });
    assertThat(calls).containsExactly("SECRET prod_token");
  }

  /** What docker stack deploy applies to a service, the swarm target applies too; the rest it names. */
  @Test
  void theSwarmTargetAppliesTheServiceKeysSwarmHasAndNamesWhatItCannotSend() throws Exception {
    ComposeProject project = project("""
        services:
          app:
            image: alpine:3.17
            hostname: app-host
            user: "1000:1000"
            working_dir: /srv
            stop_signal: SIGINT
            read_only: true
            init: true
            stdin_open: true
            tty: true
            scale: 2
            extra_hosts: ["db.local:10.0.0.5"]
            dns: [10.0.0.53]
            dns_search: [example.internal]
            dns_opt: [ndots:2]
            logging: {driver: json-file, options: {max-size: 1m}}
            networks:
              default:
                aliases: [web]
            deploy:
              restart_policy: {condition: on-failure, delay: 2s, max_attempts: 3, window: 30s}
              resources:
                reservations: {cpus: "0.1", memory: 16M}
          other:
            image: alpine:3.17
            domainname: example.com
            sysctls: {net.core.somaxconn: 1024}
            ulimits: {nofile: 1024}
            cap_add: [SYS_TIME]
            cap_drop: [NET_RAW]
            pids_limit: 50
            group_add: ["1234"]
            platform: linux/amd64
            deploy:
              resources:
                limits: {pids: 50}
                reservations:
                  generic_resources: [{discrete_resource_spec: {kind: gpu, value: 1}}]
          arm:
            image: alpine:3.17
            platform: linux/arm/v7
        """);

    List<CheckResult> results = TargetKeys.check(project, TargetKeys.SWARM, "swarm", "compose keys");

    String file = work.resolve("compose.yaml").toString();
    assertThat(results).allMatch(CheckResult::failed).extracting(CheckResult::actual).containsExactlyInAnyOrder(
        file + ":28: services.other.domainname: not supported on the swarm target: a Swarm service's container spec"
            + " has a hostname but no domain name",
        file + ":43: services.arm.platform: not supported on the swarm target: a Swarm placement platform is an OS"
            + " and an architecture: the scheduler cannot match a variant");
  }
}
