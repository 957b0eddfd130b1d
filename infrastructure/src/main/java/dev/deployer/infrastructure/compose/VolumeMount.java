package dev.deployer.infrastructure.compose;

import java.util.Objects;

/**
 * A mount in a service. For type "volume" the source is the volume key as written in the file
 * ("" for an anonymous volume); for "bind" it is an absolute host path.
 */
public record VolumeMount(String type, String source, String target, boolean readOnly) {

  public VolumeMount {
    Objects.requireNonNull(type, "type");
    source = source == null ? "" : source;
    Objects.requireNonNull(target, "target");
  }

  public boolean isBind() {
    return "bind".equals(type);
  }

  public boolean isNamedVolume() {
    return "volume".equals(type) && !source.isEmpty();
  }
}
