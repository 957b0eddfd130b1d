package dev.deployer.infrastructure.lock;

/** Another deploy holds the environment's lock. */
public final class LockHeldException extends Exception {

  private final transient LockState holder;

  public LockHeldException(LockState holder) {
    super("the deploy lock of " + holder.info().environment() + " is held by " + holder.info().describe()
        + "; wait for it to finish, or if it is dead run `deployer lock release --force --env "
        + holder.info().environment() + "`");
    this.holder = holder;
  }

  public LockState holder() {
    return holder;
  }
}
