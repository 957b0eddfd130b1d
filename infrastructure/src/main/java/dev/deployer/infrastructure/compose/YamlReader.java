package dev.deployer.infrastructure.compose;

import dev.deployer.infrastructure.compose.YamlValue.Location;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads YAML into a {@link YamlValue} tree through SnakeYAML's node graph (safe: no objects are
 * constructed), keeping line numbers, resolving {@code <<} merge keys and interpolating scalars.
 * Values under top-level {@code x-} keys are not interpolated: they only feed anchors.
 */
final class YamlReader {

  /** Applied to every non-null scalar value (never to keys). */
  interface ScalarFilter {
    String apply(String value, Location at) throws ComposeException;
  }

  /** Aliases are expanded, so a few nested ones could otherwise build a huge tree. */
  private static final int MAX_VALUES = 100_000;

  private static final Set<Tag> PLAIN_TAGS =
      Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.MAP, Tag.SEQ, Tag.TIMESTAMP);

  private final String file;
  private final ScalarFilter filter;
  private final Set<Node> inProgress = Collections.newSetFromMap(new IdentityHashMap<>());
  private int converted;

  private YamlReader(String file, ScalarFilter filter) {
    this.file = file;
    this.filter = filter;
  }

  /** Parses one YAML document; an empty document yields an empty mapping. */
  static YamlValue read(String file, String content, ScalarFilter filter) throws ComposeException {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(200);
    Yaml yaml = new Yaml(new SafeConstructor(options));
    Node root;
    try (Reader reader = new StringReader(content)) {
      root = yaml.compose(reader);
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      int line = mark == null ? 0 : mark.getLine() + 1;
      String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
      throw new ComposeException(file, line, "", "invalid YAML: " + problem.trim());
    } catch (YAMLException | IOException e) {
      throw new ComposeException(file, "invalid YAML: " + e.getMessage());
    }
    Location top = new Location(file, 1, "");
    if (root == null) {
      return new YamlValue.Mapping(Map.of(), top);
    }
    return new YamlReader(file, filter).convert(root, top, true);
  }

  private YamlValue convert(Node node, Location at, boolean interpolate) throws ComposeException {
    if (++converted > MAX_VALUES) {
      throw error(at, "more than " + MAX_VALUES + " values after expanding aliases");
    }
    if (!PLAIN_TAGS.contains(node.getTag()) && !(node instanceof ScalarNode)) {
      throw error(at, "unsupported YAML tag " + node.getTag());
    }
    if (node instanceof ScalarNode scalar) {
      return scalar(scalar, at, interpolate);
    }
    if (!inProgress.add(node)) {
      throw error(at, "recursive YAML alias");
    }
    try {
      if (node instanceof SequenceNode sequence) {
        List<YamlValue> items = new ArrayList<>();
        for (Node item : sequence.getValue()) {
          items.add(convert(item, at.item(items.size(), line(item)), interpolate));
        }
        return new YamlValue.Sequence(Collections.unmodifiableList(items), at);
      }
      return mapping((MappingNode) node, at, interpolate);
    } finally {
      inProgress.remove(node);
    }
  }

  private YamlValue scalar(ScalarNode node, Location at, boolean interpolate)
      throws ComposeException {
    Tag tag = node.getTag();
    if (tag.equals(Tag.NULL)) {
      return new YamlValue.Scalar(null, at);
    }
    if (!PLAIN_TAGS.contains(tag)) {
      throw error(at, "unsupported YAML tag " + tag);
    }
    String value = node.getValue();
    if (interpolate && value.indexOf('$') >= 0) {
      value = filter.apply(value, at);
    }
    return new YamlValue.Scalar(value, at);
  }

  /**
   * Explicit keys win over merged ones, and among merged mappings the first listed wins (the
   * YAML merge-key rule); merged keys take the place of the {@code <<} entry.
   */
  private YamlValue mapping(MappingNode node, Location at, boolean interpolate)
      throws ComposeException {
    Set<String> explicit = new HashSet<>();
    for (NodeTuple tuple : node.getValue()) {
      if (!isMerge(tuple.getKeyNode())) {
        String key = key(tuple.getKeyNode(), at);
        if (!explicit.add(key)) {
          throw error(at.child(key, line(tuple.getKeyNode())), "duplicate key '" + key + "'");
        }
      }
    }
    Map<String, YamlValue> entries = new LinkedHashMap<>();
    for (NodeTuple tuple : node.getValue()) {
      Node keyNode = tuple.getKeyNode();
      if (isMerge(keyNode)) {
        for (MappingNode source : mergeSources(tuple.getValueNode(), at, line(keyNode))) {
          YamlValue.Mapping merged = (YamlValue.Mapping) convert(source, at, interpolate);
          merged.entries().forEach((k, v) -> {
            if (!explicit.contains(k)) {
              entries.putIfAbsent(k, v);
            }
          });
        }
        continue;
      }
      String key = key(keyNode, at);
      boolean extension = at.path().isEmpty() && key.startsWith("x-");
      Location child = at.child(key, line(keyNode));
      entries.put(key, convert(tuple.getValueNode(), child, interpolate && !extension));
    }
    return new YamlValue.Mapping(Collections.unmodifiableMap(entries), at);
  }

  private List<MappingNode> mergeSources(Node value, Location at, int line)
      throws ComposeException {
    if (value instanceof MappingNode mapping) {
      return List.of(mapping);
    }
    if (value instanceof SequenceNode sequence) {
      List<MappingNode> sources = new ArrayList<>();
      for (Node item : sequence.getValue()) {
        if (!(item instanceof MappingNode mapping)) {
          throw error(at.child("<<", line), "merge key '<<' needs mappings");
        }
        sources.add(mapping);
      }
      return sources;
    }
    throw error(at.child("<<", line), "merge key '<<' needs a mapping or a list of mappings");
  }

  private static boolean isMerge(Node keyNode) {
    return keyNode.getTag().equals(Tag.MERGE);
  }

  private String key(Node keyNode, Location at) throws ComposeException {
    if (!(keyNode instanceof ScalarNode scalar) || scalar.getTag().equals(Tag.NULL)) {
      throw error(new Location(file, line(keyNode), at.path()), "keys must be strings");
    }
    return scalar.getValue();
  }

  private static int line(Node node) {
    return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
  }

  private static ComposeException error(Location at, String reason) {
    return new ComposeException(at.file(), at.line(), at.path(), reason);
  }
}
