package dev.deployer.infrastructure.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.compose.ComposeLoader;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.compose.DeploySpec;
import dev.deployer.infrastructure.compose.UpdateConfig;
import dev.deployer.infrastructure.config.SwarmSettings;
import dev.deployer.infrastructure.config.SwarmSettings.PublishMode;
import dev.deployer.infrastructure.config.SwarmSettings.ServiceOverride;
import dev.deployer.infrastructure.config.SwarmSettings.Target;
import dev.deployer.infrastructure.engine.ContainerSpec;
import dev.deployer.infrastructure.engine.SwarmServiceSpec;
import dev.deployer.infrastructure.engine.SwarmServiceSpec.UpdatePolicy;
import dev.deployer.infrastructure.engine.SwarmTaskOptions;
import dev.deployer.infrastructure.engine.VolumeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repository's compose.yaml as a Swarm stack. */
class SwarmServiceSpecsTest {

  static final Path COMPOSE = Path.of("../compose.yaml");
  static final String STACK = "scheduler-sw1";

  static ComposeProject project() throws Exception {
    return new ComposeLoader(Map.of("API_PORT", "18500", "WORKER_PORT", "18501", "DB_PORT", "18502",
        "REDIS_PORT", "18503")).load(COMPOSE, Set.of(), STACK);
  }

  static SwarmSettings settings(PublishMode publish, Map<String, ServiceOverride> services) {
    return new SwarmSettings(Target.SWARM, publish, "haproxy:2.6", services);
  }

  static final ServiceOverride UNPUBLISHED = new ServiceOverride(null, null, null, false, null);

  @Test
  void theApiBecomesAServiceLikeDockerStackDeployWouldCreate() throws Exception {
    ServiceOverride api = new ServiceOverride(3, new UpdateConfig(null, null, null, null, Duration.ofSeconds(10), null),
        null, true, new SwarmSettings.HealthTiming(null, null, null, Duration.ofSeconds(120)));

    SwarmServiceSpec spec = SwarmServiceSpecs.fromCompose(project(), project().service("api"), "sha256:abc",
        "scheduler-app:r1", settings(PublishMode.EDGE, Map.of("api", api)), "r1");

    assertThat(spec.name()).isEqualTo("scheduler-sw1_api");
    assertThat(spec.image()).isEqualTo("sha256:abc");
    assertThat(spec.labels()).containsEntry(SwarmLabels.NAMESPACE, STACK)
        .containsEntry(SwarmLabels.IMAGE, "scheduler-app:r1").containsEntry(SwarmLabels.RELEASE, "r1")
        .containsEntry(SwarmLabels.COMPOSE_SERVICE, "api").containsKey(SwarmLabels.SPEC_HASH);
    assertThat(spec.containerLabels()).containsEntry(SwarmLabels.NAMESPACE, STACK)
        .containsEntry("dev.deployer.health.path", "/actuator/health/readiness")
        .containsEntry(SwarmLabels.TEMPLATE_HASH, spec.labels().get(SwarmLabels.TEMPLATE_HASH));
    assertThat(spec.environment()).containsEntry("SCHEDULER_ROLE", "api")
        .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://db:5432/scheduler");
    assertThat(spec.networks()).containsExactly(new SwarmServiceSpec.Network("scheduler-sw1_default", List.of("api")));
    assertThat(spec.endpointMode()).isEqualTo(SwarmServiceSpec.EndpointMode.DNSRR);
    assertThat(spec.ports()).as("the edge publishes them").isEmpty();
    assertThat(spec.replicas()).isEqualTo(3);
    assertThat(spec.update()).isEqualTo(new UpdatePolicy(1, null, "start-first", "rollback", Duration.ofSeconds(10), 0.0));
    assertThat(spec.rollback()).isEqualTo(new UpdatePolicy(0, null, "start-first", null, null, null));
    assertThat(spec.restart()).isEqualTo(SwarmServiceSpec.RestartCondition.ANY);
    assertThat(spec.cpus()).isEqualTo(1.0);
    assertThat(spec.memoryBytes()).isEqualTo(512L * 1024 * 1024);
    assertThat(spec.health().test()).containsExactly("CMD", "curl", "-fsS", "http://localhost:8000/actuator/health/readiness");
    assertThat(spec.health().startPeriod()).as("the environment's").isEqualTo(Duration.ofSeconds(120));
    assertThat(spec.health().interval()).as("compose.yaml's").isEqualTo(Duration.ofSeconds(2));
    assertThat(spec.health().retries()).isEqualTo(30);
  }

  @Test
  void withTheRoutingMeshPortsArePublishedThroughIngressAndNamesResolveToAVirtualIp() throws Exception {
    SwarmServiceSpec spec = SwarmServiceSpecs.fromCompose(project(), project().service("api"), "sha256:abc",
        "scheduler-app:r1", settings(PublishMode.INGRESS, Map.of()), "r1");

    assertThat(spec.ports()).containsExactly(new SwarmServiceSpec.Port(18500, 8000, "tcp",
        SwarmServiceSpec.PublishMode.INGRESS));
    assertThat(spec.endpointMode()).isEqualTo(SwarmServiceSpec.EndpointMode.VIP);
    assertThat(spec.replicas()).isEqualTo(1);
  }

  @Test
  void theDatabaseKeepsItsNamedVolumeAndItsPortUnpublished() throws Exception {
    SwarmServiceSpec spec = SwarmServiceSpecs.fromCompose(project(), project().service("db"), "sha256:pg",
        "postgres:15", settings(PublishMode.INGRESS, Map.of("db", UNPUBLISHED)), "r1");

    assertThat(spec.mounts()).containsExactly(
        new ContainerSpec.Mount("volume", "scheduler-sw1_db-data", "/var/lib/postgresql/data", false));
    assertThat(spec.volumeLabels()).containsEntry(SwarmLabels.NAMESPACE, STACK);
    assertThat(spec.ports()).isEmpty();
    assertThat(spec.update()).isNull();
  }

  @Test
  void aDeclaredVolumeKeepsItsDriverOptionsAndLabelsOnEveryNode() throws Exception {
    ComposeProject project = new ComposeLoader(Map.of()).load(Path.of("src/test/resources/compose/resources/compose.yaml"),
        Set.of());

    SwarmServiceSpec spec = SwarmServiceSpecs.fromCompose(project, project.service("app"), "sha256:app", "app:1",
        settings(PublishMode.INGRESS, Map.of()), "r1");

    assertThat(spec.volumes()).containsOnlyKeys("resources_data");
    VolumeConfig data = spec.volumes().get("resources_data");
    assertThat(data.driver()).isEqualTo("local");
    assertThat(data.driverOpts()).isEqualTo(Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=10m"));
    assertThat(data.labels()).containsEntry("backup", "daily").containsEntry(SwarmLabels.NAMESPACE, "resources");
  }

  @Test
  void theFingerprintIgnoresReleaseAndImageNameButNotTheSpec() throws Exception {
    ComposeProject project = project();
    SwarmSettings settings = settings(PublishMode.EDGE, Map.of());
    SwarmServiceSpec first = SwarmServiceSpecs.fromCompose(project, project.service("api"), "sha256:abc",
        "scheduler-app:r1", settings, "r1");
    SwarmServiceSpec again = SwarmServiceSpecs.fromCompose(project, project.service("api"), "sha256:abc",
        "scheduler-app:r2", settings, "r2");
    ComposeProject changed = new ComposeLoader(Map.of("SCHEDULER_RELEASE", "v2")).load(COMPOSE, Set.of(), STACK);
    SwarmServiceSpec other = SwarmServiceSpecs.fromCompose(changed, changed.service("api"), "sha256:abc",
        "scheduler-app:r2", settings, "r2");

    assertThat(again.labels().get(SwarmLabels.SPEC_HASH)).hasSize(64)
        .isEqualTo(first.labels().get(SwarmLabels.SPEC_HASH))
        .isEqualTo(SwarmServiceSpecs.fingerprint(first));
    assertThat(other.labels().get(SwarmLabels.SPEC_HASH)).isNotEqualTo(first.labels().get(SwarmLabels.SPEC_HASH));
  }

  @Test
  void aRollbackUpdatesTheWayRollbackConfigSaysAndKeepsTheReleasesFingerprint() throws Exception {
    SwarmServiceSpec spec = SwarmServiceSpecs.fromCompose(project(), project().service("api"), "sha256:abc",
        "scheduler-app:r1", settings(PublishMode.EDGE, Map.of()), "r1");

    SwarmServiceSpec back = SwarmServiceSpecs.rollingBack(spec);

    assertThat(spec.update().parallelism()).isEqualTo(1);
    assertThat(back.update()).isEqualTo(spec.rollback());
    assertThat(back.update().parallelism()).as("compose.yaml: rollback_config.parallelism 0, all at once").isZero();
    assertThat(back.labels()).isEqualTo(spec.labels());
    assertThat(back.containerLabels()).isEqualTo(spec.containerLabels());
  }

  @Test
  void scalingChangesTheSpecButNotTheTemplateTheTasksAreMadeFrom() throws Exception {
    SwarmServiceSpec three = SwarmServiceSpecs.fromCompose(project(), project().service("api"), "sha256:abc",
        "scheduler-app:r1", settings(PublishMode.EDGE, Map.of("api", new ServiceOverride(3, null, null, true, null))), "r1");

    SwarmServiceSpec one = SwarmServiceSpecs.withReplicas(three, 1);

    assertThat(one.replicas()).isEqualTo(1);
    assertThat(one.containerLabels()).isEqualTo(three.containerLabels());
    assertThat(one.labels().get(SwarmLabels.TEMPLATE_HASH)).isEqualTo(three.labels().get(SwarmLabels.TEMPLATE_HASH));
    assertThat(one.labels().get(SwarmLabels.SPEC_HASH)).isNotEqualTo(three.labels().get(SwarmLabels.SPEC_HASH))
        .isEqualTo(SwarmServiceSpecs.fingerprint(one));
    assertThat(SwarmServiceSpecs.withReplicas(one, 3)).isEqualTo(three);
  }

  @Test
  void theEnvironmentOverridesTheFileKeyByKey() {
    UpdateConfig file = new UpdateConfig(1, Duration.ofSeconds(5), "start-first", "rollback", Duration.ofSeconds(30), 0.0);
    UpdateConfig env = new UpdateConfig(2, null, null, "pause", null, null);

    assertThat(SwarmServiceSpecs.merge(file, env))
        .isEqualTo(new UpdatePolicy(2, Duration.ofSeconds(5), "start-first", "pause", Duration.ofSeconds(30), 0.0));
    assertThat(SwarmServiceSpecs.merge(null, env)).isEqualTo(new UpdatePolicy(2, null, null, "pause", null, null));
    assertThat(SwarmServiceSpecs.merge(null, null)).isNull();
  }

  @Test
  void composeRestartPoliciesMapToSwarmConditions() {
    assertThat(SwarmServiceSpecs.restart("no")).isEqualTo(SwarmServiceSpec.RestartCondition.NONE);
    assertThat(SwarmServiceSpecs.restart("on-failure:3")).isEqualTo(SwarmServiceSpec.RestartCondition.ON_FAILURE);
    assertThat(SwarmServiceSpecs.restart("unless-stopped")).isEqualTo(SwarmServiceSpec.RestartCondition.ANY);
    assertThat(SwarmServiceSpecs.restart(null)).isEqualTo(SwarmServiceSpec.RestartCondition.ANY);
  }

  @Test
  void theEnvironmentsPlacementPinsTheDbAndChangesItsTemplateWhileOthersKeepTheirs() throws Exception {
    DeploySpec.Placement pinned = new DeploySpec.Placement(List.of("node.labels.deployer.db == true"), List.of(), null);
    ServiceOverride db = new ServiceOverride(null, null, null, false, null, pinned);

    SwarmServiceSpec placed = SwarmServiceSpecs.fromCompose(project(), project().service("db"), "sha256:abc",
        "postgres:15", settings(PublishMode.EDGE, Map.of("db", db)), "r1");
    SwarmServiceSpec anywhere = SwarmServiceSpecs.fromCompose(project(), project().service("db"), "sha256:abc",
        "postgres:15", settings(PublishMode.EDGE, Map.of("db", UNPUBLISHED)), "r1");

    assertThat(placed.placement().constraints()).containsExactly("node.labels.deployer.db == true");
    assertThat(anywhere.placement()).isEqualTo(SwarmServiceSpec.Placement.ANYWHERE);
    assertThat(placed.labels().get(SwarmLabels.TEMPLATE_HASH))
        .isNotEqualTo(anywhere.labels().get(SwarmLabels.TEMPLATE_HASH));
  }

  @Test
  void deployModeGlobalMakesAGlobalServiceWithoutReplicas(@TempDir Path dir) throws Exception {
    Path compose = dir.resolve("compose.yaml");
    Files.writeString(compose, """
        services:
          agent:
            image: alpine:3.17
            command: [sleep, infinity]
            deploy:
              mode: global
          api:
            image: alpine:3.17
            deploy:
              replicas: 2
        """);
    ComposeProject project = new ComposeLoader(Map.of()).load(compose, Set.of(), "demo");

    SwarmServiceSpec agent = SwarmServiceSpecs.fromCompose(project, project.service("agent"), "sha256:abc",
        "alpine:3.17", settings(PublishMode.EDGE, Map.of()), "r1");
    SwarmServiceSpec api = SwarmServiceSpecs.fromCompose(project, project.service("api"), "sha256:abc",
        "alpine:3.17", settings(PublishMode.EDGE, Map.of()), "r1");

    assertThat(agent.global()).isTrue();
    assertThat(agent.replicas()).as("one task per node, not a count").isZero();
    assertThat(api.global()).isFalse();
    assertThat(api.replicas()).isEqualTo(2);
    assertThat(SwarmServiceSpecs.rollingBack(agent).global()).isTrue();
  }

  /** docker stack deploy's conversion (docker/cli cli/compose/convert/service.go) of the keys Swarm services have. */
  @Test
  void theKeysSwarmServicesHaveBecomeTaskOptionsAsDockerStackDeployConvertsThem(@TempDir Path dir) throws Exception {
    Path compose = dir.resolve("compose.yaml");
    Files.writeString(compose, """
        services:
          app:
            image: alpine:3.17
            hostname: app-host
            user: "1000"
            working_dir: /srv
            stop_signal: SIGINT
            read_only: true
            init: true
            stdin_open: true
            tty: true
            scale: 2
            extra_hosts: ["db.local:10.0.0.5", "v6.local=[::1]"]
            dns: [10.0.0.53]
            dns_search: [example.internal]
            dns_opt: ["ndots:2"]
            logging: {driver: json-file, options: {max-size: 1m}}
            networks:
              default:
                aliases: [web, app]
            deploy:
              restart_policy: {condition: on-failure, delay: 2s, max_attempts: 3, window: 30s}
              resources:
                reservations: {cpus: "0.1", memory: 16M}
          plain:
            image: alpine:3.17
            restart: on-failure:4
          both:
            image: alpine:3.17
            restart: always
            deploy:
              restart_policy: {condition: none}
        """);
    ComposeProject project = new ComposeLoader(Map.of()).load(compose, Set.of(), "demo");

    SwarmServiceSpec app = SwarmServiceSpecs.fromCompose(project, project.service("app"), "sha256:abc",
        "alpine:3.17", settings(PublishMode.EDGE, Map.of()), "r1");
    SwarmServiceSpec plain = SwarmServiceSpecs.fromCompose(project, project.service("plain"), "sha256:abc",
        "alpine:3.17", settings(PublishMode.EDGE, Map.of()), "r1");

    assertThat(app.task()).isEqualTo(new SwarmTaskOptions("app-host", "1000", "/srv", "SIGINT", true, true, true, true,
        List.of("10.0.0.5 db.local", "::1 v6.local"), List.of("10.0.0.53"), List.of("example.internal"),
        List.of("ndots:2"), new SwarmTaskOptions.LogDriver("json-file", Map.of("max-size", "1m")),
        Duration.ofSeconds(2), 3, Duration.ofSeconds(30), 0.1, 16L * 1024 * 1024, null, null, null));
    assertThat(app.restart()).isEqualTo(SwarmServiceSpec.RestartCondition.ON_FAILURE);
    assertThat(app.replicas()).as("scale, without deploy.replicas").isEqualTo(2);
    assertThat(app.networks()).containsExactly(new SwarmServiceSpec.Network("demo_default", List.of("app", "web")));
    assertThat(plain.task()).as("restart: on-failure:N counts attempts, as docker stack deploy does")
        .isEqualTo(new SwarmTaskOptions(null, null, null, null, false, null, false, false, null, null, null, null,
            null, null, 4, null, null, null, null, null, null));
    assertThat(plain.restart()).isEqualTo(SwarmServiceSpec.RestartCondition.ON_FAILURE);
    SwarmServiceSpec both = SwarmServiceSpecs.fromCompose(project, project.service("both"), "sha256:abc",
        "alpine:3.17", settings(PublishMode.EDGE, Map.of()), "r1");
    assertThat(both.restart()).as("deploy.restart_policy wins, as in docker stack deploy")
        .isEqualTo(SwarmServiceSpec.RestartCondition.NONE);
    assertThat(SwarmServiceSpecs.rollingBack(app).task()).isEqualTo(app.task());
    assertThat(SwarmServiceSpecs.withReplicas(app, 1).task()).isEqualTo(app.task());
  }

  /**
   * The container keys a Swarm service has since Engine API 1.41: capabilities as docker stack
   * deploy's effective add and drop (upper case, CAP_ prefix, sorted, an added one not dropped),
   * sysctls, ulimits, pids, groups, generic resources, and the platform's OS and architecture.
   */
  @Test
  void kernelKeysGenericResourcesAndPlatformBecomeTaskOptions(@TempDir Path dir) throws Exception {
    Path compose = dir.resolve("compose.yaml");
    Files.writeString(compose, """
        services:
          app:
            image: alpine:3.17
            cap_add: [net_admin, CAP_SYS_TIME]
            cap_drop: [NET_ADMIN, MKNOD]
            sysctls: {net.core.somaxconn: 1024}
            ulimits: {nproc: 512, nofile: {soft: 1024, hard: 2048}}
            pids_limit: 64
            group_add: ["1234", audio]
            platform: linux/amd64
            deploy:
              resources:
                reservations:
                  generic_resources:
                    - discrete_resource_spec: {kind: gpu, value: 2}
          all:
            image: alpine:3.17
            cap_add: [ALL, NET_ADMIN]
            cap_drop: [all]
            deploy:
              resources:
                limits: {pids: 32}
        """);
    ComposeProject project = new ComposeLoader(Map.of()).load(compose, Set.of(), "demo");

    SwarmTaskOptions app = SwarmServiceSpecs.fromCompose(project, project.service("app"), "sha256:abc",
        "alpine:3.17", settings(PublishMode.EDGE, Map.of()), "r1").task();
    SwarmTaskOptions all = SwarmServiceSpecs.fromCompose(project, project.service("all"), "sha256:abc",
        "alpine:3.17", settings(PublishMode.EDGE, Map.of()), "r1").task();

    assertThat(app.kernel()).isEqualTo(new SwarmTaskOptions.Kernel(List.of("CAP_NET_ADMIN", "CAP_SYS_TIME"),
        List.of("CAP_MKNOD"), Map.of("net.core.somaxconn", "1024"), List.of(
            new ContainerSpec.Ulimit("nofile", 1024, 2048), new ContainerSpec.Ulimit("nproc", 512, 512)),
        64L, List.of("1234", "audio")));
    assertThat(app.genericResources()).containsExactly(new SwarmTaskOptions.GenericResource("gpu", 2));
    assertThat(app.platform()).isEqualTo(new SwarmTaskOptions.Platform("linux", "amd64"));
    assertThat(all.kernel()).as("ALL alone; dropping what is added drops nothing")
        .isEqualTo(new SwarmTaskOptions.Kernel(List.of("ALL"), List.of(), null, null, 32L, null));
    assertThat(all.platform()).isNull();
  }

  @Test
  void taskOptionsChangeTheTemplateAndAServiceWithoutThemKeepsTheOneItHad() throws Exception {
    SwarmServiceSpec db = SwarmServiceSpecs.fromCompose(project(), project().service("db"), "sha256:abc",
        "postgres:15", settings(PublishMode.EDGE, Map.of("db", UNPUBLISHED)), "r1");
    assertThat(db.task()).isEqualTo(SwarmTaskOptions.NONE);
    SwarmServiceSpec withoutOptions = new SwarmServiceSpec(db.name(), db.image(), Map.of(), db.containerLabels(),
        db.entrypoint(), db.command(), db.environment(), db.mounts(), db.volumeLabels(), db.volumes(), db.networks(),
        db.ports(), db.endpointMode(), db.health(), db.replicas(), db.update(), db.rollback(), db.restart(), db.cpus(),
        db.memoryBytes(), db.stopGracePeriod(), db.placement(), db.global());
    SwarmServiceSpec withHostname = new SwarmServiceSpec(db.name(), db.image(), Map.of(), db.containerLabels(),
        db.entrypoint(), db.command(), db.environment(), db.mounts(), db.volumeLabels(), db.volumes(), db.networks(),
        db.ports(), db.endpointMode(), db.health(), db.replicas(), db.update(), db.rollback(), db.restart(), db.cpus(),
        db.memoryBytes(), db.stopGracePeriod(), db.placement(), db.global(), new SwarmTaskOptions("db-host", null,
            null, null, false, null, false, false, null, null, null, null, null, null, null, null, null, null, null, null, null));

    String template = SwarmServiceSpecs.labelled(withoutOptions, "postgres:15", "r1").labels()
        .get(SwarmLabels.TEMPLATE_HASH);
    assertThat(template).isEqualTo(db.labels().get(SwarmLabels.TEMPLATE_HASH));
    assertThat(SwarmServiceSpecs.labelled(withHostname, "postgres:15", "r1").labels().get(SwarmLabels.TEMPLATE_HASH))
        .isNotEqualTo(template);
  }
}
