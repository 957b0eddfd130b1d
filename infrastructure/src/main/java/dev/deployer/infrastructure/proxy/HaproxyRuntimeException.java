package dev.deployer.infrastructure.proxy;

/**
 * HAProxy's runtime API refused a command, answered what cannot be read, or could not be reached.
 * {@code command} and {@code answer} are null where there was none.
 */
public class HaproxyRuntimeException extends RuntimeException {

  private final String command;
  private final String answer;

  public HaproxyRuntimeException(String message) {
    this(message, null, null, null);
  }

  public HaproxyRuntimeException(String message, String command, String answer, Throwable cause) {
    super(message + (command == null ? "" : " (command: " + command + ")")
        + (answer == null || answer.isBlank() ? "" : ": " + answer.strip()), cause);
    this.command = command;
    this.answer = answer;
  }

  public String command() {
    return command;
  }

  public String answer() {
    return answer;
  }
}
