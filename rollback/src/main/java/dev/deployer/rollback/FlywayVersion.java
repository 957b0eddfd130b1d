package dev.deployer.rollback;

import java.math.BigInteger;
import java.util.Comparator;

/** Flyway's version order: dot- or underscore-separated numbers, compared part by part ("1.10" after "1.9"). */
public final class FlywayVersion {

  public static final Comparator<String> ORDER = FlywayVersion::compare;

  private FlywayVersion() {}

  public static int compare(String a, String b) {
    String[] left = a.trim().split("[._]");
    String[] right = b.trim().split("[._]");
    for (int i = 0; i < Math.max(left.length, right.length); i++) {
      BigInteger l = i < left.length ? number(left[i]) : BigInteger.ZERO;
      BigInteger r = i < right.length ? number(right[i]) : BigInteger.ZERO;
      int order = l.compareTo(r);
      if (order != 0) {
        return order;
      }
    }
    return 0;
  }

  private static BigInteger number(String part) {
    String digits = part.replaceAll("[^0-9]", "");
    return digits.isEmpty() ? BigInteger.ZERO : new BigInteger(digits);
  }
}
