package dev.scheduler.system;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoleTest {

    @Test
    void defaultsToApiOnPort8000() {
        assertThat(Role.fromEnvironment(null)).isEqualTo(Role.API);
        assertThat(Role.fromEnvironment(" ")).isEqualTo(Role.API);
        assertThat(Role.API.port()).isEqualTo(8000);
    }

    @Test
    void workerListensOn8001() {
        assertThat(Role.fromEnvironment("Worker")).isEqualTo(Role.WORKER);
        assertThat(Role.WORKER.port()).isEqualTo(8001);
    }

    @Test
    void unknownRoleIsNamedInTheError() {
        assertThatThrownBy(() -> Role.fromEnvironment("cron")).hasMessageContaining("'cron'");
    }
}
