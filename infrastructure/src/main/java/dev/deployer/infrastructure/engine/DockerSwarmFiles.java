package dev.deployer.infrastructure.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.model.ContainerSpecConfig;
import com.github.dockerjava.api.model.ContainerSpecFile;
import com.github.dockerjava.api.model.ContainerSpecSecret;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.transport.DockerHttpClient.Request.Method;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Swarm secrets and configs on the Engine API: created, listed and removed as JSON documents
 * (docker-java 3.7.0 reads a secret's spec as a service spec and a config's without labels), and
 * given to a service's container spec by id and name.
 */
final class DockerSwarmFiles {

  /** The engine's JSON answer to a request; null for 404. */
  interface Transport {
    JsonNode send(Method method, String path, byte[] body);
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Transport transport;

  DockerSwarmFiles(Transport transport) {
    this.transport = transport;
  }

  /** The id of the object named exactly {@code name}. */
  Optional<String> id(SwarmFileGrant.Kind kind, String name) {
    JsonNode list = transport.send(Method.GET, "/" + kind.endpoint() + "?filters="
        + encode("{\"name\":[\"" + name + "\"]}"), null);
    if (list != null) {
      for (JsonNode object : list) {
        if (name.equals(object.path("Spec").path("Name").asText())) {
          return Optional.of(object.path("ID").asText());
        }
      }
    }
    return Optional.empty();
  }

  /** Creates the object unless one of that name exists; true when it was created. */
  boolean ensure(SwarmFileGrant.Kind kind, String name, byte[] data, Map<String, String> labels,
      String templateDriver) {
    if (id(kind, name).isPresent()) {
      return false;
    }
    ObjectNode spec = JSON.createObjectNode();
    spec.put("Name", name);
    spec.set("Labels", JSON.valueToTree(labels));
    spec.put("Data", Base64.getEncoder().encodeToString(data));
    if (templateDriver != null) {
      spec.set("Templating", JSON.createObjectNode().put("Name", templateDriver));
    }
    transport.send(Method.POST, "/" + kind.endpoint() + "/create", spec.toString().getBytes(StandardCharsets.UTF_8));
    return true;
  }

  /** The names of the objects carrying all of {@code labels}. */
  List<String> names(SwarmFileGrant.Kind kind, Map<String, String> labels) {
    List<String> filters = labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    JsonNode list = transport.send(Method.GET, "/" + kind.endpoint() + "?filters="
        + encode(JSON.createObjectNode().set("label", JSON.valueToTree(filters)).toString()), null);
    List<String> names = new ArrayList<>();
    if (list != null) {
      list.forEach(object -> names.add(object.path("Spec").path("Name").asText()));
    }
    return names;
  }

  /** Removes the object; false when it is gone already or a service still uses it. */
  boolean remove(SwarmFileGrant.Kind kind, String name) {
    Optional<String> id = id(kind, name);
    if (id.isEmpty()) {
      return false;
    }
    try {
      transport.send(Method.DELETE, "/" + kind.endpoint() + "/" + encode(id.get()), null);
      return true;
    } catch (EngineException e) {
      if (e.getMessage() != null && e.getMessage().contains("(409)")) {
        return false; // in use: the service that holds it keeps it until it lets go
      }
      throw e;
    }
  }

  /** Gives the service's tasks its secrets and configs; each must exist. */
  void attach(ServiceSpec service, List<SwarmFileGrant> grants) {
    if (grants.isEmpty()) {
      return;
    }
    List<ContainerSpecSecret> secrets = new ArrayList<>();
    List<ContainerSpecConfig> configs = new ArrayList<>();
    for (SwarmFileGrant grant : grants) {
      String id = id(grant.kind(), grant.name()).orElseThrow(() -> new EngineException(
          "no swarm " + grant.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + grant.name()));
      ContainerSpecFile file = new ContainerSpecFile().withName(grant.target()).withUid(grant.uid())
          .withGid(grant.gid()).withMode((long) grant.mode());
      if (grant.kind() == SwarmFileGrant.Kind.SECRET) {
        secrets.add(new ContainerSpecSecret().withSecretId(id).withSecretName(grant.name()).withFile(file));
      } else {
        configs.add(new ContainerSpecConfig().withConfigID(id).withConfigName(grant.name()).withFile(file));
      }
    }
    service.getTaskTemplate().getContainerSpec().withSecrets(secrets).withConfigs(configs);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
