/**
 * Compose files read the way Docker Compose v2 reads them, for the subset the deployer supports.
 *
 * <p>{@link dev.deployer.infrastructure.compose.ComposeLoader} turns a {@code compose.yaml} into
 * an immutable {@link dev.deployer.infrastructure.compose.ComposeProject}: {@code .env} under the
 * process environment, interpolation ({@code $VAR}, {@code ${VAR:-d}}, {@code ${VAR?err}},
 * {@code ${VAR:+alt}}, nesting, {@code $$}), anchors and merge keys, {@code x-} extensions,
 * project name, profiles, and services with image, build, command, entrypoint, environment,
 * env_file, ports, volumes, networks, depends_on, healthcheck, restart, labels, deploy. Any other
 * key is a {@link dev.deployer.infrastructure.compose.ComposeException} naming file, line and key
 * path. {@link dev.deployer.infrastructure.compose.ComposeJson} renders the result like {@code
 * docker compose config --format json} and computes the config hash.
 *
 * <p>Pipeline: {@code ComposeFiles} (each file and document through {@code YamlReader}: SnakeYAML
 * node graph, merges, interpolation through {@code Interpolator}; {@code Includes}, {@code
 * Extends}, then {@code ComposeMerge} over the earlier files and {@code Unicity}) → {@code ServiceParser} with {@code PortParser}, {@code VolumeParser}, {@code
 * HealthcheckParser}, {@code DeployParser}; {@code ResourceParser} for top-level volumes and
 * networks; {@code References} and {@code DependencyGraph} for cross-checks.
 */
package dev.deployer.infrastructure.compose;
