package dev.deployer.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FlywayVersionTest {

  @Test
  void comparesPartByPartAsNumbers() {
    assertThat(FlywayVersion.compare("2", "10")).isNegative();
    assertThat(FlywayVersion.compare("1.10", "1.9")).isPositive();
    assertThat(FlywayVersion.compare("1.0", "1")).isZero();
    assertThat(FlywayVersion.compare("2_1", "2.1")).isZero();
    assertThat(FlywayVersion.compare("3", "2.99")).isPositive();
  }
}
