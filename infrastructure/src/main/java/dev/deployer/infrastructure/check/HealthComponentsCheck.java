package dev.deployer.infrastructure.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Passes when a Spring Boot style health answer ({@code {"components": {"db": {"status": "UP"}}}})
 * lists every named component as UP: the app's own view of its dependencies, which a port check
 * from outside cannot see.
 * The body is read whatever the status code, since a DOWN health answers 503 with the same body.
 * With no components named, every component listed must be UP.
 */
public final class HealthComponentsCheck extends NamedCheck {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String url;
  private final List<String> components;
  private final Duration maxResponseTime;
  private final OkHttpClient client;
  private final Map<String, String> headers;

  public HealthComponentsCheck(String name, String category, String url, List<String> components,
      Duration maxResponseTime, OkHttpClient client, Map<String, String> headers) {
    super(name, category);
    this.url = url;
    this.components = List.copyOf(components);
    this.maxResponseTime = maxResponseTime;
    this.client = client;
    this.headers = Map.copyOf(headers);
  }

  @Override
  public CheckResult run() {
    String expected = (components.isEmpty() ? "every component" : String.join(", ", components)) + " UP at " + url
        + " within " + maxResponseTime.toMillis() + " ms";
    Request.Builder request = new Request.Builder().url(url).get();
    headers.forEach(request::header);
    long start = System.nanoTime();
    try (Response response = client.newCall(request.build()).execute()) {
      String body = response.body().string();
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      JsonNode json;
      try {
        json = JSON.readTree(body);
      } catch (IOException e) {
        return CheckResult.fail(this, expected, response.code() + ", body is not JSON", took);
      }
      JsonNode listed = json.path("components");
      List<String> names = new ArrayList<>(components);
      if (names.isEmpty()) {
        listed.fieldNames().forEachRemaining(names::add);
      }
      List<String> states = new ArrayList<>();
      List<String> bad = new ArrayList<>();
      for (String component : names) {
        String status = listed.path(component).path("status").asText("MISSING");
        states.add(component + "=" + status);
        if (!"UP".equals(status)) {
          bad.add(component);
        }
      }
      String actual = String.join(", ", states) + " in " + took.toMillis() + " ms";
      if (names.isEmpty()) {
        return CheckResult.fail(this, expected, response.code() + ", no components listed", took);
      }
      if (!bad.isEmpty()) {
        return CheckResult.fail(this, expected, actual + ": " + String.join(", ", bad) + " not UP", took);
      }
      if (took.compareTo(maxResponseTime) > 0) {
        return CheckResult.fail(this, expected, actual + ": slower than " + maxResponseTime.toMillis() + " ms", took);
      }
      return CheckResult.pass(this, expected, actual, took);
    } catch (IOException e) {
      return CheckResult.fail(this, expected, "no answer: " + e.getMessage(), Duration.ofNanos(System.nanoTime() - start));
    }
  }
}
