package dev.deployer.infrastructure.check;

/** A check whose name and category are fixed when it is made. */
public abstract class NamedCheck implements Check {

  private final String name;
  private final String category;

  protected NamedCheck(String name, String category) {
    this.name = name;
    this.category = category;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String category() {
    return category;
  }
}
