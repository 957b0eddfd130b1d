package dev.deployer.infrastructure.compose;

import dev.deployer.infrastructure.compose.YamlValue.Location;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
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
 * Values under top-level {@code x-} keys are not interpolated: they only feed anchors. The
 * {@code !reset} and {@code !override} tags of compose-go are recorded as key paths: a reset value
 * is left out of the tree, an overriding one kept (see {@link ComposeMerge}).
 */
final class YamlReader {

  /** One YAML document, and the key paths it tags {@code !reset} or {@code !override}. */
  record Document(YamlValue root, List<List<String>> resets) {}

  /** Applied to every non-null scalar value (never to keys). */
  interface ScalarFilter {
    String apply(String value, Location at) throws ComposeException;
  }

  /** Aliases are expanded, so a few nested ones could otherwise build a huge tree. */
  private static final int MAX_VALUES = 100_000;

  private static final Set<Tag> PLAIN_TAGS =
      Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.MAP, Tag.SEQ, Tag.TIMESTAMP);
  private static final String RESET = "!reset";
  private static final String OVERRIDE = "!override";

  private final String file;
  private final ScalarFilter filter;
  private final Set<Node> inProgress = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Deque<String> keys = new ArrayDeque<>();
  private final List<List<String>> resets = new ArrayList<>();
  private int converted;

  private YamlReader(String file, ScalarFilter filter) {
    this.file = file;
    this.filter = filter;
  }

  /** Parses one YAML document; an empty document yields an empty mapping. */
  static YamlValue read(String file, String content, ScalarFilter filter) throws ComposeException {
    List<Document> documents = readAll(file, content, filter);
    if (documents.size() > 1) {
      throw new ComposeException(file, "invalid YAML: expected a single document, found " + documents.size());
    }
    return documents.get(0).root();
  }

  /**
   * Parses every document of a multi-document file ({@code ---} separated), in order; an empty
   * file yields one empty mapping.
   */
  static List<Document> readAll(String file, String content, ScalarFilter filter) throws ComposeException {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(200);
    Yaml yaml = new Yaml(new SafeConstructor(options));
    List<Node> roots = new ArrayList<>();
    try (Reader reader = new StringReader(content)) {
      for (Node root : yaml.composeAll(reader)) {
        roots.add(root);
      }
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      int line = mark == null ? 0 : mark.getLine() + 1;
      String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
      throw new ComposeException(file, line, "", "invalid YAML: " + problem.trim());
    } catch (YAMLException | IOException e) {
      throw new ComposeException(file, "invalid YAML: " + e.getMessage());
    }
    Location top = new Location(file, 1, "");
    List<Document> documents = new ArrayList<>();
    for (Node root : roots) {
      YamlReader reader = new YamlReader(file, filter);
      YamlValue value = reader.convert(root, top, true);
      documents.add(new Document(value == null ? new YamlValue.Mapping(Map.of(), top) : value,
          List.copyOf(reader.resets)));
    }
    if (documents.isEmpty()) {
      documents.add(new Document(new YamlValue.Mapping(Map.of(), top), List.of()));
    }
    return documents;
  }

  /** The value, or null for a node tagged {@code !reset} (left out of its parent). */
  private YamlValue convert(Node node, Location at, boolean interpolate) throws ComposeException {
    if (++converted > MAX_VALUES) {
      throw error(at, "more than " + MAX_VALUES + " values after expanding aliases");
    }
    String tag = node.getTag().getValue();
    boolean overriding = tag.equals(OVERRIDE);
    if (tag.equals(RESET) || overriding) {
      resets.add(List.copyOf(keys));
      if (!overriding) {
        return null;
      }
    } else if (!PLAIN_TAGS.contains(node.getTag()) && !(node instanceof ScalarNode)) {
      throw error(at, "unsupported YAML tag " + node.getTag());
    }
    if (node instanceof ScalarNode scalar) {
      return scalar(scalar, at, interpolate, overriding);
    }
    if (!inProgress.add(node)) {
      throw error(at, "recursive YAML alias");
    }
    try {
      if (node instanceof SequenceNode sequence) {
        List<YamlValue> items = new ArrayList<>();
        int index = 0;
        for (Node item : sequence.getValue()) {
          keys.addLast("[" + index++ + "]");
          YamlValue value = convert(item, at.item(items.size(), line(item)), interpolate);
          keys.removeLast();
          if (value != null) {
            items.add(value);
          }
        }
        return new YamlValue.Sequence(Collections.unmodifiableList(items), at);
      }
      return mapping((MappingNode) node, at, interpolate);
    } finally {
      inProgress.remove(node);
    }
  }

  private YamlValue scalar(ScalarNode node, Location at, boolean interpolate, boolean overriding)
      throws ComposeException {
    Tag tag = node.getTag();
    if (tag.equals(Tag.NULL) || (overriding && node.getValue().matches("|~|null|Null|NULL"))) {
      return new YamlValue.Scalar(null, at);
    }
    if (!PLAIN_TAGS.contains(tag) && !overriding) {
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
          if (merged == null) {
            continue;
          }
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
      keys.addLast(key);
      YamlValue value = convert(tuple.getValueNode(), child, interpolate && !extension);
      keys.removeLast();
      if (value != null) {
        entries.put(key, value);
      }
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
