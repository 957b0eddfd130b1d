package dev.deployer.infrastructure.engine;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Engine answers for the recording HTTP clients of the request tests: a status and a JSON body. */
final class HttpResponses {

  private HttpResponses() {}

  static DockerHttpClient.Response json(int status, String body) {
    return new DockerHttpClient.Response() {
      @Override
      public int getStatusCode() {
        return status;
      }

      @Override
      public Map<String, List<String>> getHeaders() {
        return Map.of("Content-Type", List.of("application/json"));
      }

      @Override
      public InputStream getBody() {
        return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
      }

      @Override
      public void close() {}
    };
  }
}
