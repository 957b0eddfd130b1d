package dev.deployer.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The operator's "yes" on standard input; no input (CI) is no. */
final class Confirmation {

  private Confirmation() {}

  static boolean ask(PrintWriter out, String question) {
    out.print(question + " Type yes: ");
    out.flush();
    try {
      String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      return answer != null && answer.strip().equalsIgnoreCase("yes");
    } catch (IOException e) {
      return false;
    }
  }
}
