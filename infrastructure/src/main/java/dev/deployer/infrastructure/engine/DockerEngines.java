package dev.deployer.infrastructure.engine;

import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.time.Duration;

/** The one place that builds a docker-java client. */
public final class DockerEngines {

  private DockerEngines() {}

  /**
   * Connects to {@code host} (unix:// or tcp://). With {@code tlsVerify}, the certificates in
   * {@code certPath} (ca.pem, cert.pem, key.pem) authenticate both sides.
   */
  public static ContainerEngine connect(String host, boolean tlsVerify, String certPath) {
    return new DockerEngine(client(host, tlsVerify, certPath), host);
  }

  /** Like {@link #connect}, for the engine's Swarm API: services, tasks, overlay networks. */
  public static SwarmEngine connectSwarm(String host, boolean tlsVerify, String certPath) {
    DockerClientImpl client = client(host, tlsVerify, certPath);
    return new DockerSwarmEngine(client, client.getHttpClient(), host);
  }

  private static DockerClientImpl client(String host, boolean tlsVerify, String certPath) {
    DefaultDockerClientConfig.Builder builder = DefaultDockerClientConfig.createDefaultConfigBuilder()
        .withDockerHost(host)
        .withDockerTlsVerify(tlsVerify);
    if (tlsVerify && certPath != null && !certPath.isBlank()) {
      builder.withDockerCertPath(certPath);
    }
    DockerClientConfig config = builder.build();
    ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
        .dockerHost(config.getDockerHost())
        .sslConfig(config.getSSLConfig())
        .maxConnections(64)
        .connectionTimeout(Duration.ofSeconds(5))
        .responseTimeout(Duration.ofMinutes(10))
        .build();
    return (DockerClientImpl) DockerClientImpl.getInstance(config, http);
  }
}
