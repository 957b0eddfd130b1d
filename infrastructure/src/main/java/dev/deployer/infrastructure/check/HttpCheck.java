package dev.deployer.infrastructure.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deployer.infrastructure.config.ProbeSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Passes when a request (a GET unless told otherwise) answers with the expected status, within the
 * time limit, and its body has the expected top-level JSON fields (for example {@code status=UP})
 * and contains the expected text, where those are given.
 */
public final class HttpCheck extends NamedCheck {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String url;
  private final int expectedStatus;
  private final Map<String, String> expectedFields;
  private final Duration maxResponseTime;
  private final OkHttpClient client;
  private final Map<String, String> headers;
  private final String method;
  private final String requestBody;
  private final String expectedText;

  public HttpCheck(String name, String category, String url, int expectedStatus, Map<String, String> expectedFields,
      Duration maxResponseTime, OkHttpClient client, Map<String, String> headers) {
    this(name, category, "GET", url, null, new ProbeSettings.Expect(expectedStatus, expectedFields, null),
        maxResponseTime, client, headers);
  }

  /** {@code requestBody} (null: none) is sent as JSON. */
  public HttpCheck(String name, String category, String method, String url, String requestBody,
      ProbeSettings.Expect expect, Duration maxResponseTime, OkHttpClient client, Map<String, String> headers) {
    super(name, category);
    this.url = url;
    this.method = method;
    this.requestBody = requestBody;
    this.expectedStatus = expect.status();
    this.expectedFields = new TreeMap<>(expect.json());
    this.expectedText = expect.contains();
    this.maxResponseTime = maxResponseTime;
    this.client = client;
    this.headers = Map.copyOf(headers);
  }

  @Override
  public CheckResult run() {
    String expected = method + " " + url + " -> " + expectedStatus
        + (expectedFields.isEmpty() ? "" : " with " + expectedFields)
        + (expectedText == null ? "" : " containing '" + expectedText + "'")
        + " within " + maxResponseTime.toMillis() + " ms";
    Request.Builder request = new Request.Builder().url(url).method(method, LoadProbe.body(method, requestBody));
    headers.forEach(request::header);
    long start = System.nanoTime();
    try (Response response = client.newCall(request.build()).execute()) {
      String body = response.body().string();
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      String actual = response.code() + " in " + took.toMillis() + " ms";
      if (response.code() != expectedStatus) {
        return CheckResult.fail(this, expected, actual + ": " + abbreviate(body), took);
      }
      String mismatch = expectedText != null && !body.contains(expectedText)
          ? "body does not contain '" + expectedText + "': " + abbreviate(body) : fieldMismatch(body);
      if (mismatch != null) {
        return CheckResult.fail(this, expected, actual + ": " + mismatch, took);
      }
      if (took.compareTo(maxResponseTime) > 0) {
        return CheckResult.fail(this, expected, actual + ": slower than " + maxResponseTime.toMillis() + " ms", took);
      }
      return CheckResult.pass(this, expected, actual, took);
    } catch (IOException e) {
      return CheckResult.fail(this, expected, "no answer: " + e.getMessage(), Duration.ofNanos(System.nanoTime() - start));
    }
  }

  private String fieldMismatch(String body) {
    if (expectedFields.isEmpty()) {
      return null;
    }
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (IOException e) {
      return "body is not JSON: " + abbreviate(body);
    }
    for (Map.Entry<String, String> field : expectedFields.entrySet()) {
      JsonNode value = json.path(field.getKey());
      if (!field.getValue().equals(value.asText(null))) {
        return field.getKey() + " was " + (value.isMissingNode() ? "missing" : value.toString());
      }
    }
    return null;
  }

  private static String abbreviate(String body) {
    String flat = body.replaceAll("\\s+", " ").trim();
    return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
  }
}
