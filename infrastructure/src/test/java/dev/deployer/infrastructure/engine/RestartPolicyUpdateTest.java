package dev.deployer.infrastructure.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * The restart policy an update sends: the engine keeps a container's policy when the update's
 * name is empty, which is how docker-java spells "no" (moby daemon/update.go), so none must be
 * sent as "no" or a quiet or kept container would keep restarting.
 */
class RestartPolicyUpdateTest {

  private static String json(String policy) throws Exception {
    return new ObjectMapper().writeValueAsString(DockerContainerUpdates.updatePolicy(policy));
  }

  @Test
  void noneIsSentAsNoNotAsAnEmptyName() throws Exception {
    assertThat(json(null)).contains("\"Name\":\"no\"");
    assertThat(json("")).contains("\"Name\":\"no\"");
    assertThat(json("no")).contains("\"Name\":\"no\"");
  }

  @Test
  void aServicePolicyIsSentAsItIs() throws Exception {
    assertThat(json("unless-stopped")).contains("\"Name\":\"unless-stopped\"");
    assertThat(json("on-failure:3")).contains("\"Name\":\"on-failure\"", "\"MaximumRetryCount\":3");
  }
}
