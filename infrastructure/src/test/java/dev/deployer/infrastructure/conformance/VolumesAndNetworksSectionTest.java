package dev.deployer.infrastructure.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deployer.infrastructure.compose.ComposeException;
import dev.deployer.infrastructure.compose.ComposeJson;
import dev.deployer.infrastructure.compose.ComposeProject;
import dev.deployer.infrastructure.compose.NetworkSpec;
import dev.deployer.infrastructure.compose.VolumeMount;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compose Specification, service "volumes" (05-services.md), "Networks top-level elements"
 * (06-networks.md) and "Volumes top-level elements" (07-volumes.md), phase parse.
 */
class VolumesAndNetworksSectionTest {

  @TempDir
  Path dir;

  /** 05-services.md volumes short syntax: "ro,z" and propagation modes. */
  @Test
  void shortSyntaxModes() throws Exception {
    List<VolumeMount> mounts = Spec.load(dir, """
        services:
          app:
            image: alpine:3.17
            volumes:
              - ./conf:/etc/app:ro,z
              - ./shared:/shared:rshared
        """).service("app").volumes();

    assertThat(mounts.get(0).readOnly()).isTrue();
    assertThat(mounts.get(0).options().selinux()).isEqualTo("z");
    assertThat(mounts.get(1).options().propagation()).isEqualTo("rshared");
  }

  /** 05-services.md volumes long syntax: bind options, volume nocopy and subpath, tmpfs size and mode. */
  @Test
  void longSyntaxOptions() throws Exception {
    List<VolumeMount> mounts = Spec.load(dir, """
        services:
          app:
            image: alpine:3.17
            volumes:
              - type: bind
                source: ./static
                target: /static
                bind: {create_host_path: true, selinux: Z, propagation: rprivate}
              - type: volume
                source: data
                target: /data
                volume: {nocopy: true, subpath: app/data}
              - type: tmpfs
                target: /cache
                tmpfs: {size: 10m, mode: 1777}
        volumes:
          data:
        """).service("app").volumes();

    assertThat(mounts.get(0).options()).isEqualTo(new VolumeMount.Options(true, "rprivate", "Z", false, null, null, null));
    assertThat(mounts.get(1).options().noCopy()).isTrue();
    // Read here; whether the engine can mount it is the pre-deployment checks' concern (Engine API 1.45).
    assertThat(mounts.get(1).options().subpath()).isEqualTo("app/data");
    assertThat(mounts.get(2).type()).isEqualTo("tmpfs");
    assertThat(mounts.get(2).options().tmpfsSize()).isEqualTo(10L * 1024 * 1024);
    assertThat(mounts.get(2).options().tmpfsMode()).isEqualTo(01777);
  }

  /**
   * 05-services.md volumes long syntax, volume.labels (compose-go ServiceVolumeVolume.Labels, a
   * list or a mapping): the labels of the anonymous volume the mount creates, printed under the
   * mount's volume as docker compose config prints them, beside nocopy and subpath.
   */
  @Test
  void anonymousVolumeLabels() throws Exception {
    ComposeProject project = Spec.load(dir, """
        services:
          app:
            image: alpine:3.17
            volumes:
              - type: volume
                target: /cache
                volume: {labels: {tier: cache, team: core}, nocopy: true}
              - type: volume
                target: /scratch
                volume:
                  labels: [purpose=scratch]
        """);
    List<VolumeMount> mounts = project.service("app").volumes();

    assertThat(mounts.get(0).source()).isEmpty();
    assertThat(mounts.get(0).options().volumeLabels()).containsExactly(Map.entry("team", "core"),
        Map.entry("tier", "cache"));
    assertThat(mounts.get(1).options().volumeLabels()).containsExactly(Map.entry("purpose", "scratch"));
    JsonNode json = new ObjectMapper().readTree(ComposeJson.pretty(project));
    assertThat(json.at("/services/app/volumes/0/volume").toString())
        .isEqualTo("{\"labels\":{\"team\":\"core\",\"tier\":\"cache\"},\"nocopy\":true}");
    assertThat(json.at("/services/app/volumes/1/volume").toString()).isEqualTo("{\"labels\":{\"purpose\":\"scratch\"}}");
  }

  /** compose-go: a later mount on the same target replaces the earlier one. */
  @Test
  void duplicateTargetKeepsTheLastMount() throws Exception {
    List<VolumeMount> mounts = Spec.load(dir, """
        services:
          app:
            image: alpine:3.17
            volumes:
              - ./a:/data
              - ./b:/data:ro
        """).service("app").volumes();

    assertThat(mounts).singleElement().satisfies(m -> {
      assertThat(m.source()).endsWith("/b");
      assertThat(m.readOnly()).isTrue();
    });
  }

  /**
   * 05-services.md volumes: cluster, npipe and image mounts load as they are; each target refuses
   * those it cannot mount in its pre-deployment checks (TargetKeysTest).
   */
  @Test
  void mountTypesLeftToTheTargetsLoad() throws Exception {
    ComposeProject project = Spec.load(dir, """
        services:
          app:
            image: alpine:3.17
            volumes:
              - type: npipe
                source: \\\\.\\pipe\\docker_engine
                target: \\\\.\\pipe\\docker_engine
              - type: image
                source: alpine:3.17
                target: /base
        """);

    assertThat(project.services().get("app").volumes()).extracting(VolumeMount::type).containsExactly("npipe", "image");
    assertThat(project.places().find("app", "volumes[*].type")).extracting(key -> key.place().line())
        .containsExactly(5, 8);
  }

  /** 06-networks.md ipam, enable_ipv6; 05-services.md networks: aliases, ipv4_address. */
  @Test
  void ipamAliasesAndStaticAddresses() throws Exception {
    ComposeProject project = Spec.load(dir, """
        services:
          app:
            image: alpine:3.17
            networks:
              front:
                aliases: [api]
                ipv4_address: 172.16.238.10
        networks:
          front:
            enable_ipv6: false
            ipam:
              driver: default
              config:
                - subnet: 172.16.238.0/24
                  gateway: 172.16.238.1
        """);

    NetworkSpec front = project.networks().get("front");
    assertThat(front.ipam().driver()).isEqualTo("default");
    assertThat(front.ipam().config()).singleElement()
        .isEqualTo(new NetworkSpec.Pool("172.16.238.0/24", null, "172.16.238.1", null));
    var attachment = project.service("app").options().networkSettings().get("front");
    assertThat(attachment.aliases()).containsExactly("api");
    assertThat(attachment.ipv4Address()).isEqualTo("172.16.238.10");
  }

  /** 06-networks.md external with the deprecated external.name form. */
  @Test
  void externalNameLegacyForm() throws Exception {
    ComposeProject project = Spec.load(dir, """
        services:
          app:
            image: alpine:3.17
            networks: [outside]
        networks:
          outside:
            external:
              name: corp-net
        """);

    assertThat(project.networks().get("outside").name()).isEqualTo("corp-net");
    assertThat(project.networks().get("outside").external()).isTrue();
  }
}
