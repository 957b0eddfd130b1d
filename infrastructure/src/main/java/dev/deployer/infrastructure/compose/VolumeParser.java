package dev.deployer.infrastructure.compose;

import dev.deployer.infrastructure.compose.YamlValue.Mapping;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Service {@code volumes}: short syntax {@code [SOURCE:]TARGET[:ro|rw]} (a source starting with
 * {@code /}, {@code .} or {@code ~} is a bind mount, anything else a named volume) and long syntax
 * (type volume or bind, source, target, read_only). Bind sources become absolute, relative ones
 * resolved against the project directory.
 */
final class VolumeParser {

  private static final Set<String> LONG_KEYS = Set.of("type", "source", "target", "read_only");

  private final Path projectDir;
  private final String home;

  VolumeParser(Path projectDir, String home) {
    this.projectDir = projectDir;
    this.home = home;
  }

  List<VolumeMount> parseAll(YamlValue volumes) throws ComposeException {
    List<VolumeMount> result = new ArrayList<>();
    for (YamlValue item : Nodes.sequence(volumes).items()) {
      result.add(item instanceof Mapping mapping ? longSyntax(mapping) : shortSyntax(item));
    }
    return result;
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
    boolean readOnly = parts.length == 3 && readOnly(item, spec, parts[2]);
    String source = parts[0];
    String target = target(item, spec, parts[1]);
    if (source.isEmpty()) {
      throw item.error("invalid volume '" + spec + "': empty source");
    }
    if (isPath(source)) {
      return new VolumeMount("bind", hostPath(item, source), target, readOnly);
    }
    return new VolumeMount("volume", source, target, readOnly);
  }

  VolumeMount longSyntax(Mapping mapping) throws ComposeException {
    Nodes.allowKeys(mapping, LONG_KEYS);
    YamlValue typeValue = mapping.get("type");
    String type = typeValue == null ? "volume" : Nodes.string(typeValue);
    YamlValue targetValue = mapping.get("target");
    if (targetValue == null) {
      throw mapping.error("target is required");
    }
    String target = target(targetValue, Nodes.string(targetValue), Nodes.string(targetValue));
    String source = Nodes.optionalString(mapping.get("source"));
    boolean readOnly = Nodes.bool(mapping.get("read_only"), false);
    switch (type) {
      case "bind":
        if (source == null || source.isEmpty()) {
          throw mapping.error("a bind mount needs a source");
        }
        return new VolumeMount("bind", hostPath(mapping.get("source"), source), target, readOnly);
      case "volume":
        return new VolumeMount("volume", source == null ? "" : source, target, readOnly);
      default:
        throw typeValue.error("unsupported volume type '" + type + "' (volume or bind)");
    }
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
