package dev.deployer.infrastructure.compose;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A mount in a service. For type "volume" the source is the volume key as written in the file
 * ("" for an anonymous volume); for "bind" it is an absolute host path; a "tmpfs" has none.
 */
public record VolumeMount(String type, String source, String target, boolean readOnly, Options options) {

  public VolumeMount(String type, String source, String target, boolean readOnly) {
    this(type, source, target, readOnly, Options.NONE);
  }

  public VolumeMount {
    Objects.requireNonNull(type, "type");
    source = source == null ? "" : source;
    Objects.requireNonNull(target, "target");
    options = options == null ? Options.NONE : options;
  }

  /**
   * The per-type settings of the long syntax (and the short syntax's modes). {@code
   * createHostPath} is true when a missing bind source is created as a directory (the short
   * syntax's behaviour), {@code selinux} "z", "Z" or null; tmpfs size in bytes and mode, or null;
   * {@code volumeLabels} the labels of a volume the mount creates (an anonymous one), sorted.
   */
  public record Options(boolean createHostPath, String propagation, String selinux, boolean noCopy,
      String subpath, Long tmpfsSize, Integer tmpfsMode, Map<String, String> volumeLabels) {

    public static final Options NONE = new Options(false, null, null, false, null, null, null);

    public Options(boolean createHostPath, String propagation, String selinux, boolean noCopy, String subpath,
        Long tmpfsSize, Integer tmpfsMode) {
      this(createHostPath, propagation, selinux, noCopy, subpath, tmpfsSize, tmpfsMode, Map.of());
    }

    public Options {
      volumeLabels = Collections.unmodifiableMap(new TreeMap<>(volumeLabels == null ? Map.of() : volumeLabels));
    }
  }

  public boolean isBind() {
    return "bind".equals(type);
  }

  public boolean isNamedVolume() {
    return "volume".equals(type) && !source.isEmpty();
  }
}
