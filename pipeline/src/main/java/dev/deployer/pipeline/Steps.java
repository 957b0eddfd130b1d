package dev.deployer.pipeline;

/** Small steps that need no class of their own. */
public final class Steps {

  private Steps() {}

  /** A phase with nothing to do on a target; it says why. */
  public static Step nothing(String name, String why) {
    return new Step() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void run(DeployContext context) {
        context.events().progress(name, "nothing to do: " + why);
      }
    };
  }
}
