package dev.deployer.pipeline.bluegreen;

import dev.deployer.infrastructure.engine.ContainerEngine;
import dev.deployer.infrastructure.proxy.Color;
import dev.deployer.infrastructure.proxy.HaproxyRuntime;
import dev.deployer.infrastructure.proxy.HaproxyRuntimeException;
import dev.deployer.infrastructure.proxy.Route;
import dev.deployer.pipeline.DeployContext;
import dev.deployer.pipeline.PipelineException;
import dev.deployer.pipeline.Step;
import dev.deployer.pipeline.WaitForHealthyStep;
import java.util.Map;

/**
 * Every service healthy, the routed ones in the color this run started; then the edge's own health
 * checks see that color up on its routes, so the preview answers and the switch is immediate.
 */
final class EdgeWaitStep implements Step {

  private final Edge edge;
  private final Colors colors;

  EdgeWaitStep(Edge edge, Colors colors) {
    this.edge = edge;
    this.colors = colors;
  }

  @Override
  public String name() {
    return "wait for healthy";
  }

  @Override
  public void run(DeployContext context) throws PipelineException {
    new WaitForHealthyStep().run(context);
    ContainerEngine engine = context.engine();
    for (Map.Entry<String, Color> candidate : colors.candidates().entrySet()) {
      for (Route route : edge.routesOf(candidate.getKey())) {
        HaproxyRuntime runtime = edge.runtime(engine).orElseThrow(() -> new PipelineException(
            PipelineException.Kind.DEPLOY_FAILED, "the edge " + edge.containerName() + " is not running"));
        try {
          for (String backend : new String[] {route.previewBackend(), route.backend()}) {
            runtime.awaitStatus(backend, candidate.getValue().id(), "UP", context.waitTimeout());
          }
        } catch (HaproxyRuntimeException e) {
          throw new PipelineException(PipelineException.Kind.VERIFICATION_FAILED, candidate.getKey()
              + ": the edge does not see " + candidate.getValue() + " healthy: " + e.getMessage(), e);
        }
      }
      context.events().progress(name(), candidate.getKey() + " " + candidate.getValue() + " is up behind the edge");
    }
  }
}
