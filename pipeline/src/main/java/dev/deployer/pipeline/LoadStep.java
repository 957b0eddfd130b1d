package dev.deployer.pipeline;

/** Step 1: loads the environment (see {@link StackLoader}): config, compose file, target. */
public final class LoadStep implements Step {

  @Override
  public String name() {
    return "load";
  }

  @Override
  public void run(DeployContext context) throws PipelineException {
    LoadedStack stack = StackLoader.load(context.request());
    context.loaded(stack);
    context.events().progress(name(), "environment " + stack.config().environment() + ": project "
        + stack.project().name() + ", services " + stack.project().services().keySet() + ", engine "
        + stack.config().docker().host() + ", target " + stack.target().name());
  }
}
