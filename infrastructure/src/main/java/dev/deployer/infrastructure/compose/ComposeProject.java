package dev.deployer.infrastructure.compose;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * A loaded Compose project: its active services in file order, volumes and networks, where
 * each service key was set, and the top-level secrets and configs (used by a service or not).
 */
public record ComposeProject(
    String name,
    Path workingDir,
    List<Path> configFiles,
    Map<String, ComposeService> services,
    Map<String, VolumeSpec> volumes,
    Map<String, NetworkSpec> networks,
    KeyPlaces places,
    Map<String, FileSource> secrets,
    Map<String, FileSource> configs) {

  /** A project whose keys' places are not known. */
  public ComposeProject(String name, Path workingDir, List<Path> configFiles, Map<String, ComposeService> services,
      Map<String, VolumeSpec> volumes, Map<String, NetworkSpec> networks) {
    this(name, workingDir, configFiles, services, volumes, networks, KeyPlaces.NONE);
  }

  /** A project without top-level secrets and configs of its own (its services' grants still name theirs). */
  public ComposeProject(String name, Path workingDir, List<Path> configFiles, Map<String, ComposeService> services,
      Map<String, VolumeSpec> volumes, Map<String, NetworkSpec> networks, KeyPlaces places) {
    this(name, workingDir, configFiles, services, volumes, networks, places, Map.of(), Map.of());
  }

  public ComposeProject {
    places = places == null ? KeyPlaces.NONE : places;
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(workingDir, "workingDir");
    configFiles = List.copyOf(configFiles);
    services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
    volumes = Collections.unmodifiableMap(new LinkedHashMap<>(volumes));
    networks = Collections.unmodifiableMap(new LinkedHashMap<>(networks));
    secrets = Collections.unmodifiableMap(new LinkedHashMap<>(secrets == null ? Map.of() : secrets));
    configs = Collections.unmodifiableMap(new LinkedHashMap<>(configs == null ? Map.of() : configs));
  }

  public ComposeService service(String serviceName) {
    ComposeService service = services.get(serviceName);
    if (service == null) {
      throw new IllegalArgumentException(
          "no service '" + serviceName + "' in project " + name + "; services: " + services.keySet());
    }
    return service;
  }

  /**
   * The project with every top-level secret and config, and every service's grant of one, as
   * {@code replace} gives it (with its section, {@code secrets} or {@code configs}): a release
   * points its {@code file} sources at the copies it kept.
   */
  public ComposeProject withFileSources(BiFunction<String, FileSource, FileSource> replace) {
    Map<String, ComposeService> replacedServices = new LinkedHashMap<>();
    for (ComposeService service : services.values()) {
      ServiceOptions options = service.options();
      replacedServices.put(service.name(), service.withOptions(options.withGrants(
          regranted("secrets", options.secrets(), replace), regranted("configs", options.configs(), replace))));
    }
    Map<String, FileSource> replacedSecrets = new LinkedHashMap<>();
    secrets.forEach((key, source) -> replacedSecrets.put(key, replace.apply("secrets", source)));
    Map<String, FileSource> replacedConfigs = new LinkedHashMap<>();
    configs.forEach((key, source) -> replacedConfigs.put(key, replace.apply("configs", source)));
    return new ComposeProject(name, workingDir, configFiles, replacedServices, volumes, networks, places,
        replacedSecrets, replacedConfigs);
  }

  private static List<ServiceOptions.FileGrant> regranted(String section, List<ServiceOptions.FileGrant> grants,
      BiFunction<String, FileSource, FileSource> replace) {
    return grants.stream().map(g -> new ServiceOptions.FileGrant(g.source(), replace.apply(section, g.from()),
        g.target(), g.uid(), g.gid(), g.mode())).toList();
  }

  /**
   * Services in topological layers along {@code depends_on}: layer 0 depends on nothing, each
   * later layer only on earlier ones, so a layer's services can start in parallel. File order
   * is kept within a layer. The loader has already rejected cycles.
   */
  public List<List<ComposeService>> startLayers() {
    List<List<ComposeService>> layers = new ArrayList<>();
    Set<String> placed = new LinkedHashSet<>();
    List<ComposeService> remaining = new ArrayList<>(services.values());
    while (!remaining.isEmpty()) {
      List<ComposeService> layer = new ArrayList<>();
      for (ComposeService service : remaining) {
        boolean ready =
            service.dependsOn().keySet().stream()
                .allMatch(dep -> placed.contains(dep) || !services.containsKey(dep));
        if (ready) {
          layer.add(service);
        }
      }
      if (layer.isEmpty()) {
        throw new IllegalStateException("dependency cycle among " + remaining);
      }
      layer.forEach(s -> placed.add(s.name()));
      remaining.removeAll(layer);
      layers.add(List.copyOf(layer));
    }
    return List.copyOf(layers);
  }

  /** Stop order: the start layers reversed. */
  public List<List<ComposeService>> stopLayers() {
    List<List<ComposeService>> layers = new ArrayList<>(startLayers());
    Collections.reverse(layers);
    return List.copyOf(layers);
  }
}
