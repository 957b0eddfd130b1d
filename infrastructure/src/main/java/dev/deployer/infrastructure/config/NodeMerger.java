package dev.deployer.infrastructure.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Deep merge of YAML mappings that keeps every node's position for error messages. */
final class NodeMerger {

  private NodeMerger() {}

  static Node merge(ConfigNode base, ConfigNode override) throws ConfigException {
    Node overrideNode = nodeOf(override);
    if (overrideNode instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL)) {
      return nodeOf(base);
    }
    base.entries();
    override.entries();
    return merge((MappingNode) nodeOf(base), (MappingNode) overrideNode);
  }

  private static Node merge(MappingNode base, MappingNode override) {
    Map<String, NodeTuple> tuples = new LinkedHashMap<>();
    for (NodeTuple tuple : base.getValue()) {
      tuples.put(keyOf(tuple), tuple);
    }
    for (NodeTuple tuple : override.getValue()) {
      NodeTuple existing = tuples.get(keyOf(tuple));
      if (existing != null && existing.getValueNode() instanceof MappingNode baseValue
          && tuple.getValueNode() instanceof MappingNode overrideValue) {
        tuples.put(keyOf(tuple), new NodeTuple(tuple.getKeyNode(), merge(baseValue, overrideValue)));
      } else {
        tuples.put(keyOf(tuple), tuple);
      }
    }
    List<NodeTuple> merged = new ArrayList<>(tuples.values());
    return new MappingNode(Tag.MAP, true, merged, base.getStartMark(), base.getEndMark(), base.getFlowStyle());
  }

  private static String keyOf(NodeTuple tuple) {
    return tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : tuple.getKeyNode().toString();
  }

  private static Node nodeOf(ConfigNode node) {
    return node.node();
  }
}
