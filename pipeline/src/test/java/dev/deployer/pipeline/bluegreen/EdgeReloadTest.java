package dev.deployer.pipeline.bluegreen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.engine.ContainerInfo;
import dev.deployer.infrastructure.engine.ContainerSpec;
import dev.deployer.infrastructure.proxy.EdgeConfig;
import dev.deployer.infrastructure.proxy.EdgeContainer;
import dev.deployer.infrastructure.proxy.HaproxyConfigs;
import dev.deployer.infrastructure.proxy.Route;
import dev.deployer.pipeline.FakeEngine;
import dev.deployer.pipeline.bluegreen.EdgeReload.Change;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which change of the wanted edge a running one takes in place and which needs a new container. */
class EdgeReloadTest {

  private static final Route WEB = new Route("web", "127.0.0.1", 18080, 8080, null);
  private static final EdgeConfig CONFIG = new EdgeConfig("shop", List.of(WEB));
  /** The same ports and networks, another text: web's health is checked over HTTP now. */
  private static final EdgeConfig HEALTH_PATH = new EdgeConfig("shop", List.of(new Route("web", "127.0.0.1", 18080,
      8080, "/health")));

  private final FakeEngine engine = new FakeEngine();

  @Test
  void aChangeOfTheConfigurationsTextOnlyIsReloadedInPlace() {
    ContainerInfo running = started(spec(CONFIG, "haproxy:2.6", "shop_default"));

    assertThat(HEALTH_PATH.text()).isNotEqualTo(CONFIG.text());
    assertThat(EdgeReload.change(engine, spec(HEALTH_PATH, "haproxy:2.6", "shop_default"), running))
        .isEqualTo(Change.RELOAD);
    assertThat(EdgeReload.change(engine, spec(new EdgeConfig("shop", List.of(new Route("web", "127.0.0.1", 18080,
        8081, null))), "haproxy:2.6", "shop_default"), running)).as("another container port").isEqualTo(Change.RELOAD);
    assertThat(EdgeReload.change(engine, spec(CONFIG, "haproxy:2.6", "shop_default"), running))
        .isEqualTo(Change.NONE);
  }

  @Test
  void theTextTheEdgeRunsDecidesNotItsCreationTimeLabel() {
    ContainerInfo running = started(spec(CONFIG, "haproxy:2.6", "shop_default"));
    runs(running, HEALTH_PATH.text()); // reloaded once: its labels still name CONFIG

    assertThat(EdgeReload.change(engine, spec(HEALTH_PATH, "haproxy:2.6", "shop_default"), running))
        .isEqualTo(Change.NONE);
    assertThat(EdgeReload.change(engine, spec(CONFIG, "haproxy:2.6", "shop_default"), running))
        .as("back to the text it was created with").isEqualTo(Change.RELOAD);
  }

  @Test
  void anotherImagePortOrNetworkNeedsANewContainerWhateverTheText() {
    ContainerInfo running = started(spec(CONFIG, "haproxy:2.6", "shop_default"));

    assertThat(EdgeReload.change(engine, spec(CONFIG, "haproxy:2.8", "shop_default"), running))
        .isEqualTo(Change.REPLACE);
    assertThat(EdgeReload.change(engine, spec(CONFIG, "haproxy:2.6", "shop_back"), running))
        .isEqualTo(Change.REPLACE);
    assertThat(EdgeReload.change(engine, spec(new EdgeConfig("shop", List.of(new Route("web", "127.0.0.1", 18081,
        8080, null))), "haproxy:2.6", "shop_default"), running)).as("another published port").isEqualTo(Change.REPLACE);
    assertThat(EdgeReload.change(engine, spec(new EdgeConfig("shop", List.of(new Route("web", "0.0.0.0", 18080,
        8080, null))), "haproxy:2.6", "shop_default"), running)).as("another host address").isEqualTo(Change.REPLACE);
    assertThat(EdgeReload.change(engine, spec(new EdgeConfig("shop", List.of(WEB, new Route("api", "127.0.0.1",
        18090, 8080, null))), "haproxy:2.6", "shop_default"), running)).as("one more route").isEqualTo(Change.REPLACE);
  }

  @Test
  void withoutTheTextTheCreationTimeHashDecidesAndAChangeReplaces() {
    ContainerInfo running = engine.container(engine.createContainer(spec(CONFIG, "haproxy:2.6", "shop_default")))
        .orElseThrow(); // not running: nothing to read

    assertThat(EdgeReload.change(engine, spec(CONFIG, "haproxy:2.6", "shop_default"), running))
        .isEqualTo(Change.NONE);
    assertThat(EdgeReload.change(engine, spec(HEALTH_PATH, "haproxy:2.6", "shop_default"), running))
        .isEqualTo(Change.REPLACE);
  }

  @Test
  void anEdgeMadeBeforeTheContainerHashIsKeptOnlyWhenNothingChanged() {
    ContainerSpec wanted = spec(CONFIG, "haproxy:2.6", "shop_default");
    Map<String, String> labels = new HashMap<>(wanted.labels());
    labels.remove(EdgeContainer.CONTAINER_HASH_LABEL);
    ContainerInfo old = started(new ContainerSpec(wanted.name(), wanted.image(), wanted.entrypoint(),
        wanted.command(), wanted.environment(), labels, wanted.ports(), wanted.mounts(), wanted.networks(), null,
        wanted.restartPolicy(), null, null));

    assertThat(EdgeReload.change(engine, wanted, old)).isEqualTo(Change.NONE);
    assertThat(EdgeReload.change(engine, spec(HEALTH_PATH, "haproxy:2.6", "shop_default"), old))
        .as("it gets the label with its replacement").isEqualTo(Change.REPLACE);
  }

  @Test
  void theDecisionReadsTheFileHaproxyRunsOn() {
    ContainerInfo running = started(spec(CONFIG, "haproxy:2.6", "shop_default"));

    assertThat(EdgeReload.runningText(engine, running.id())).hasValue(CONFIG.text() + "\n");
    assertThat(EdgeReload.change(spec(HEALTH_PATH, "haproxy:2.6", "shop_default"), running, Optional.empty()))
        .as("unreadable").isEqualTo(Change.REPLACE);
  }

  private static ContainerSpec spec(EdgeConfig config, String image, String network) {
    return EdgeContainer.spec(config, image, List.of(network));
  }

  /** Created and started, running the text it was made with, as its start command writes it. */
  private ContainerInfo started(ContainerSpec spec) {
    String id = engine.createContainer(spec);
    engine.startContainer(id);
    ContainerInfo info = engine.container(id).orElseThrow();
    runs(info, EdgeContainer.configText(spec) + "\n");
    return info;
  }

  private void runs(ContainerInfo edge, String text) {
    engine.writeFile(edge.id(), HaproxyConfigs.CONFIG_FILE, text.getBytes(StandardCharsets.UTF_8));
  }
}
