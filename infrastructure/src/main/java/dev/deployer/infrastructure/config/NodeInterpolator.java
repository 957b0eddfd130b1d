package dev.deployer.infrastructure.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Replaces {@code ${VAR}}, {@code ${VAR:-default}} and {@code ${VAR:?message}} in every scalar.
 * {@code $$} stands for a literal dollar sign.
 */
final class NodeInterpolator {

  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:-|:\\?)([^}]*))?}");

  private final Path file;
  private final Map<String, String> environment;

  NodeInterpolator(Path file, Map<String, String> environment) {
    this.file = file;
    this.environment = environment;
  }

  Node interpolate(Node node, String path) throws ConfigException {
    if (node instanceof ScalarNode scalar) {
      String value = substitute(scalar, path);
      return new ScalarNode(scalar.getTag(), value, scalar.getStartMark(), scalar.getEndMark(), scalar.getScalarStyle());
    }
    if (node instanceof SequenceNode sequence) {
      List<Node> items = new ArrayList<>();
      for (int i = 0; i < sequence.getValue().size(); i++) {
        items.add(interpolate(sequence.getValue().get(i), path + "[" + i + "]"));
      }
      return new SequenceNode(sequence.getTag(), true, items, sequence.getStartMark(), sequence.getEndMark(),
          sequence.getFlowStyle());
    }
    MappingNode mapping = (MappingNode) node;
    List<NodeTuple> tuples = new ArrayList<>();
    for (NodeTuple tuple : mapping.getValue()) {
      String key = ((ScalarNode) tuple.getKeyNode()).getValue();
      String childPath = path.isEmpty() ? key : path + "." + key;
      tuples.add(new NodeTuple(tuple.getKeyNode(), interpolate(tuple.getValueNode(), childPath)));
    }
    return new MappingNode(mapping.getTag(), true, tuples, mapping.getStartMark(), mapping.getEndMark(),
        mapping.getFlowStyle());
  }

  private String substitute(ScalarNode scalar, String path) throws ConfigException {
    Matcher matcher = REFERENCE.matcher(scalar.getValue());
    StringBuilder result = new StringBuilder();
    while (matcher.find()) {
      String replacement;
      if (matcher.group().equals("$$")) {
        replacement = "$";
      } else {
        String value = environment.get(matcher.group(1));
        boolean unset = value == null || value.isEmpty();
        String operator = matcher.group(2);
        if (unset && ":-".equals(operator)) {
          replacement = matcher.group(3);
        } else if (unset && ":?".equals(operator)) {
          throw new ConfigException(file, scalar.getStartMark().getLine() + 1, path,
              "variable " + matcher.group(1) + " is required: " + matcher.group(3));
        } else {
          replacement = value == null ? "" : value;
        }
      }
      matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(result);
    return result.toString();
  }
}
