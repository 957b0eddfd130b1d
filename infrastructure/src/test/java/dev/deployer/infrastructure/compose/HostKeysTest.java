package dev.deployer.infrastructure.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The cgroup, memory, block I/O, group, runtime, namespace, MAC address and label file keys: read
 * into the model, printed and hashed only when set, and bad values named by file, line and key.
 */
class HostKeysTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private ComposeService load(String service) throws Exception {
    Files.writeString(dir.resolve("compose.yaml"), "services:\n  app:\n    image: alpine:3.17\n" + service);
    return new ComposeLoader(Map.of()).load(dir.resolve("compose.yaml"), Set.of()).service("app");
  }

  private ComposeException failure(String service) {
    return catchThrowableOfType(() -> load(service), ComposeException.class);
  }

  @Test
  void readsEveryKey() throws Exception {
    ServiceOptions o = load("""
            cgroup_parent: deployer-test
            cgroup: private
            group_add: [1234, wheel]
            mem_swappiness: 10
            memswap_limit: 128m
            oom_kill_disable: true
            oom_score_adj: -500
            device_cgroup_rules: ["c 1:3 mr", "a *:* rwm"]
            runtime: runc
            uts: host
            userns_mode: host
            mac_address: 02:42:ac:11:00:99
            blkio_config:
              weight: 300
              weight_device: [{path: /dev/vda, weight: 200}]
              device_read_bps: [{path: /dev/vda, rate: 1mb}]
              device_read_iops: [{path: /dev/vda, rate: 100}]
              device_write_bps: [{path: /dev/vda, rate: 2048}]
              device_write_iops: [{path: /dev/vda, rate: 50}]
        """).options();

    assertThat(o.groupAdd()).containsExactly("1234", "wheel");
    assertThat(o.runtime()).isEqualTo("runc");
    assertThat(o.uts()).isEqualTo("host");
    assertThat(o.usernsMode()).isEqualTo("host");
    assertThat(o.macAddress()).isEqualTo("02:42:ac:11:00:99");
    assertThat(o.cgroups()).isEqualTo(new ServiceOptions.Cgroups("deployer-test", "private",
        List.of("c 1:3 mr", "a *:* rwm"), 10L, 128L * 1024 * 1024, true, -500,
        new ServiceOptions.Blkio(300, List.of(new ServiceOptions.DeviceWeight("/dev/vda", 200)),
            List.of(new ServiceOptions.DeviceRate("/dev/vda", 1024 * 1024)),
            List.of(new ServiceOptions.DeviceRate("/dev/vda", 100)),
            List.of(new ServiceOptions.DeviceRate("/dev/vda", 2048)),
            List.of(new ServiceOptions.DeviceRate("/dev/vda", 50)))));
  }

  @Test
  void memswapLimitMinusOneIsUnlimited() throws Exception {
    assertThat(load("    memswap_limit: -1\n").options().cgroups().memswapLimit()).isEqualTo(-1L);
  }

  @Test
  void labelFilesUnderLabels() throws Exception {
    Files.writeString(dir.resolve("a.labels"), "# team labels\ncom.example.team=web\ncom.example.tier=front\n");
    Files.writeString(dir.resolve("b.labels"), "com.example.tier=edge\n");

    ComposeService s = load("""
            label_file: [a.labels, b.labels]
            labels:
              com.example.team: ops
        """);

    assertThat(s.labels()).containsExactlyInAnyOrderEntriesOf(
        Map.of("com.example.team", "ops", "com.example.tier", "edge"));
  }

  @Test
  void aMissingLabelFileNamesItsEntry() {
    ComposeException e = failure("    label_file: nowhere.labels\n");

    assertThat(e.line()).isEqualTo(4);
    assertThat(e.key()).isEqualTo("services.app.label_file");
    assertThat(e.reason()).startsWith("label file ").endsWith("nowhere.labels not found");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "cgroup: shared|4|services.app.cgroup|must be host or private, not 'shared'",
        "uts: private|4|services.app.uts|must be host, not 'private'",
        "userns_mode: remap|4|services.app.userns_mode|must be host, not 'remap'",
        "mem_swappiness: 101|4|services.app.mem_swappiness|must be between 0 and 100, not 101",
        "oom_score_adj: -1001|4|services.app.oom_score_adj|must be between -1000 and 1000, not -1001",
        "oom_kill_disable: maybe|4|services.app.oom_kill_disable|",
        "memswap_limit: lots|4|services.app.memswap_limit|invalid memory size 'lots' (e.g. 512M, 1g, 1.5GB)",
        "mac_address: 02:42:ac:11:00|4|services.app.mac_address|invalid MAC address '02:42:ac:11:00' (six hex pairs separated by colons)",
        "\"device_cgroup_rules: ['c 1:3 rwx']\"|4|services.app.device_cgroup_rules[0]|invalid device cgroup rule 'c 1:3 rwx' (TYPE MAJOR:MINOR ACCESS: a, b or c; numbers or *; some of r, w and m)",
        "\"blkio_config: {weight: 5}\"|4|services.app.blkio_config.weight|must be between 10 and 1000, not 5",
        "\"blkio_config: {wieght: 5}\"|4|services.app.blkio_config.wieght|unknown or unsupported key 'wieght' (did you mean 'weight'?)",
        "\"blkio_config: {device_read_bps: [{path: /dev/vda}]}\"|4|services.app.blkio_config.device_read_bps[0]|a device needs both path and rate",
        "\"blkio_config: {device_read_iops: [{path: /dev/vda, rate: 1k}]}\"|4|services.app.blkio_config.device_read_iops[0].rate|must be an integer, not '1k'",
        "\"blkio_config: {weight_device: [{path: /dev/vda, rate: 1}]}\"|4|services.app.blkio_config.weight_device[0].rate|unknown or unsupported key 'rate'",
      })
  void aBadValueNamesFileLineAndKey(String entry, int line, String key, String reason) {
    ComposeException e = failure("    " + entry + "\n");

    assertThat(e.file()).endsWith("compose.yaml");
    assertThat(e.line()).as("line").isEqualTo(line);
    assertThat(e.key()).as("key").isEqualTo(key);
    if (reason != null) {
      assertThat(e.reason()).as("reason").startsWith(reason);
    }
  }

  @Test
  void printedOnlyWhenSetSoExistingHashesStay() throws Exception {
    ComposeService plain = load("");
    ComposeService set = load("""
            cgroup: host
            group_add: [1234]
            memswap_limit: 1g
            blkio_config:
              device_write_bps: [{path: /dev/vda, rate: 1mb}]
              device_write_iops: [{path: /dev/vda, rate: 50}]
        """);

    assertThat(ComposeJson.service(plain)).doesNotContainKeys("cgroup", "group_add", "memswap_limit",
        "blkio_config", "runtime", "uts", "userns_mode", "mac_address", "cgroup_parent", "device_cgroup_rules",
        "mem_swappiness", "oom_kill_disable", "oom_score_adj");
    assertThat(plain.configHash()).isEqualTo(load("    labels: {}\n").configHash());
    assertThat(set.configHash()).isNotEqualTo(plain.configHash());
    JsonNode json = JSON.valueToTree(ComposeJson.service(set));
    assertThat(json.get("cgroup").asText()).isEqualTo("host");
    assertThat(json.get("group_add").get(0).asText()).isEqualTo("1234");
    assertThat(json.get("memswap_limit").asText()).isEqualTo("1073741824");
    assertThat(json.get("blkio_config").get("device_write_bps").get(0).get("rate").asText()).isEqualTo("1048576");
    assertThat(json.get("blkio_config").get("device_write_iops").get(0).get("rate").asLong()).isEqualTo(50);
    assertThat(json.get("blkio_config").has("weight")).isFalse();
  }
}
