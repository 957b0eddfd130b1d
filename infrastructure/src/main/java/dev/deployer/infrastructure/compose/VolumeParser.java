package dev.deployer.infrastructure.compose;

import dev.deployer.infrastructure.compose.YamlValue.Mapping;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Service {@code volumes}: short syntax {@code [SOURCE:]TARGET[:ro|rw]} (a source starting with
 * {@code /}, {@code .} or {@code ~} is a bind mount, anything else a named volume) and long syntax
 * (type volume or bind, source, target, read_only). Bind sources become absolute, relative ones
 * resolved against the project directory.
 */
final class VolumeParser {

  private static final Set<String> LONG_KEYS =
      Set.of("type", "source", "target", "read_only", "bind", "volume", "tmpfs", "image");
  private static final Set<String> PROPAGATIONS = Set.of("shared", "rshared", "slave", "rslave", "private", "rprivate");
  /**
   * Mount types of the spec the loader keeps as they are (type, source, target, read_only): each
   * deploy target refuses those it cannot mount in its pre-deployment checks.
   */
  private static final Set<String> LEFT_TO_TARGETS = Set.of("cluster", "npipe", "image");

  private final Path projectDir;
  private final String home;

  VolumeParser(Path projectDir, String home) {
    this.projectDir = projectDir;
    this.home = home;
  }

  /** The service's mounts; a later mount on the same target replaces an earlier one, as in Compose. */
  List<VolumeMount> parseAll(YamlValue volumes) throws ComposeException {
    Map<String, VolumeMount> byTarget = new LinkedHashMap<>();
    for (YamlValue item : Nodes.sequence(volumes).items()) {
      VolumeMount mount = item instanceof Mapping mapping ? longSyntax(mapping) : shortSyntax(item);
      byTarget.remove(mount.target());
      byTarget.put(mount.target(), mount);
    }
    return new ArrayList<>(byTarget.values());
  }

  VolumeMount shortSyntax(YamlValue item) throws ComposeException {
    String spec = Nodes.string(item);
    String[] parts = spec.split(":", -1);
    if (parts.length > 3) {
      throw item.error("invalid volume '" + spec + "': expected [SOURCE:]TARGET[:MODE]");
    }
    if (parts.length == 1) {
      return new VolumeMount("volume", "", target(item, spec, parts[0]), false);
    }
    String source = parts[0];
    String target = target(item, spec, parts[1]);
    if (source.isEmpty()) {
      throw item.error("invalid volume '" + spec + "': empty source");
    }
    boolean bind = isPath(source);
    boolean readOnly = false;
    String selinux = null;
    String propagation = null;
    boolean noCopy = false;
    for (String mode : parts.length == 3 ? parts[2].split(",") : new String[0]) {
      switch (mode) {
        case "ro" -> readOnly = true;
        case "rw" -> readOnly = false;
        case "z", "Z" -> selinux = mode;
        case "nocopy" -> noCopy = true;
        case "cached", "delegated", "consistent" -> { } // Docker Desktop only; Compose ignores them too
        default -> {
          if (!PROPAGATIONS.contains(mode)) {
            throw item.error("invalid volume '" + spec + "': unsupported mode '" + mode
                + "' (ro, rw, z, Z, nocopy or a propagation such as rprivate)");
          }
          propagation = mode;
        }
      }
    }
    VolumeMount.Options options = new VolumeMount.Options(bind, bind ? propagation : null, bind ? selinux : null,
        !bind && noCopy, null, null, null);
    if (bind) {
      return new VolumeMount("bind", hostPath(item, source), target, readOnly,
          selinux == null && propagation == null ? VolumeMount.Options.NONE : options);
    }
    return new VolumeMount("volume", source, target, readOnly, noCopy ? options : VolumeMount.Options.NONE);
  }

  VolumeMount longSyntax(Mapping mapping) throws ComposeException {
    SpecKeys.check(mapping, LONG_KEYS, SpecKeys.MOUNT);
    YamlValue typeValue = mapping.get("type");
    String type = typeValue == null ? "volume" : Nodes.string(typeValue);
    for (String section : List.of("bind", "volume", "tmpfs", "image")) {
      if (mapping.has(section) && !section.equals(type)) {
        throw mapping.get(section).error("'" + section + "' options do not apply to a " + type + " mount");
      }
    }
    YamlValue targetValue = mapping.get("target");
    if (targetValue == null) {
      throw mapping.error("target is required");
    }
    // A named pipe's target is a Windows path, which only a Windows engine judges.
    String target = type.equals("npipe")
        ? Nodes.string(targetValue) : target(targetValue, Nodes.string(targetValue), Nodes.string(targetValue));
    String source = Nodes.optionalString(mapping.get("source"));
    boolean readOnly = Nodes.bool(mapping.get("read_only"), false);
    switch (type) {
      case "bind":
        if (source == null || source.isEmpty()) {
          throw mapping.error("a bind mount needs a source");
        }
        return new VolumeMount("bind", hostPath(mapping.get("source"), source), target, readOnly,
            bindOptions(mapping.get("bind")));
      case "volume":
        return new VolumeMount("volume", source == null ? "" : source, target, readOnly,
            volumeOptions(mapping.get("volume")));
      case "cluster", "npipe", "image":
        return new VolumeMount(type, source == null ? "" : source, target, readOnly, VolumeMount.Options.NONE);
      case "tmpfs":
        if (source != null) {
          throw mapping.get("source").error("a tmpfs mount has no source");
        }
        return new VolumeMount("tmpfs", "", target, readOnly, tmpfsOptions(mapping.get("tmpfs")));
      default:
        throw typeValue.error("unsupported volume type '" + type + "' (volume, bind or tmpfs)");
    }
  }

  private static VolumeMount.Options bindOptions(YamlValue value) throws ComposeException {
    if (value == null) {
      return VolumeMount.Options.NONE;
    }
    Mapping bind = Nodes.mapping(value);
    SpecKeys.check(bind, Set.of("propagation", "create_host_path", "selinux"), SpecKeys.BIND);
    String propagation = Nodes.optionalString(bind.get("propagation"));
    if (propagation != null && !PROPAGATIONS.contains(propagation)) {
      throw bind.get("propagation").error("invalid propagation '" + propagation + "' (one of " + PROPAGATIONS + ")");
    }
    String selinux = Nodes.optionalString(bind.get("selinux"));
    if (selinux != null && !selinux.equals("z") && !selinux.equals("Z")) {
      throw bind.get("selinux").error("must be z or Z, not '" + selinux + "'");
    }
    return new VolumeMount.Options(Nodes.bool(bind.get("create_host_path"), false), propagation, selinux, false,
        null, null, null);
  }

  private static VolumeMount.Options volumeOptions(YamlValue value) throws ComposeException {
    if (value == null) {
      return VolumeMount.Options.NONE;
    }
    Mapping volume = Nodes.mapping(value);
    // Whether the engine can mount a subpath is for the pre-deployment checks to say (Engine API 1.45).
    Nodes.allowKeys(volume, Set.of("nocopy", "subpath", "labels"));
    return new VolumeMount.Options(false, null, null, Nodes.bool(volume.get("nocopy"), false),
        Nodes.optionalString(volume.get("subpath")), null, null,
        volume.has("labels") ? Nodes.keyValues(volume.get("labels"), key -> "") : Map.of());
  }

  private static VolumeMount.Options tmpfsOptions(YamlValue value) throws ComposeException {
    if (value == null) {
      return VolumeMount.Options.NONE;
    }
    Mapping tmpfs = Nodes.mapping(value);
    Nodes.allowKeys(tmpfs, Set.of("size", "mode"));
    Long size = tmpfs.has("size") ? DeployParser.memoryBytes(tmpfs.get("size")) : null;
    Integer mode = null;
    if (tmpfs.has("mode")) {
      String text = Nodes.string(tmpfs.get("mode"));
      try {
        mode = Integer.parseInt(text, 8);
      } catch (NumberFormatException e) {
        throw tmpfs.get("mode").error("must be an octal file mode, not '" + text + "'");
      }
    }
    return new VolumeMount.Options(false, null, null, false, null, size, mode);
  }

  private static boolean isPath(String source) {
    return source.startsWith("/") || source.startsWith(".") || source.startsWith("~");
  }

  private String hostPath(YamlValue item, String source) throws ComposeException {
    if (source.equals("~") || source.startsWith("~/")) {
      if (home == null || home.isEmpty()) {
        throw item.error("cannot resolve '" + source + "': HOME is not set");
      }
      return Path.of(home).resolve(source.substring(1).replaceFirst("^/", "")).normalize().toString();
    }
    return projectDir.resolve(source).normalize().toString();
  }

  private static String target(YamlValue item, String spec, String target) throws ComposeException {
    if (!target.startsWith("/")) {
      throw item.error("invalid volume '" + spec + "': container path '" + target + "' must be absolute");
    }
    return target;
  }

  private static boolean readOnly(YamlValue item, String spec, String mode) throws ComposeException {
    switch (mode) {
      case "ro":
        return true;
      case "rw":
        return false;
      default:
        throw item.error("invalid volume '" + spec + "': unsupported mode '" + mode + "' (ro or rw)");
    }
  }
}
