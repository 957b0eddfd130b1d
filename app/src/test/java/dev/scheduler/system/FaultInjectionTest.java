package dev.scheduler.system;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultInjectionTest {

    private static SchedulerProperties faults(boolean failReadiness, long latencyMs, boolean refuseStart) {
        return new SchedulerProperties("api", "", "dev", null,
                new SchedulerProperties.Fault(failReadiness, latencyMs, 0, refuseStart, ""));
    }

    @Test
    void offByDefault() {
        SchedulerProperties none = new SchedulerProperties(null, null, null, null, null);
        assertThat(new FaultReadinessHealthIndicator(none).health().getStatus()).isEqualTo(Status.UP);
        new FaultInjection(none).scheduleCrash();
    }

    @Test
    void refuseStartStopsTheContext() {
        assertThatThrownBy(() -> new FaultInjection(faults(false, 0, true)))
                .hasMessageContaining("SCHEDULER_FAULT_REFUSE_START");
    }

    @Test
    void failReadinessMakesTheFaultComponentDown() {
        assertThat(new FaultReadinessHealthIndicator(faults(true, 0, false)).health().getStatus())
                .isEqualTo(Status.DOWN);
    }

    @Test
    void latencyDelaysEveryRequest() throws Exception {
        FaultLatencyFilter filter = new FaultLatencyFilter(faults(false, 150, false));
        long start = System.nanoTime();
        filter.doFilter(new MockHttpServletRequest("GET", "/actuator/health"), new MockHttpServletResponse(),
                new MockFilterChain());
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(150);
    }

    @Test
    void latencyWithAPathDelaysOnlyThatRoute() throws Exception {
        FaultLatencyFilter filter = new FaultLatencyFilter(new SchedulerProperties("api", "", "dev", null,
                new SchedulerProperties.Fault(false, 300, 0, false, "/events/")));

        long start = System.nanoTime();
        filter.doFilter(new MockHttpServletRequest("GET", "/events"), new MockHttpServletResponse(),
                new MockFilterChain());
        filter.doFilter(new MockHttpServletRequest("GET", "/members"), new MockHttpServletResponse(),
                new MockFilterChain());
        long others = (System.nanoTime() - start) / 1_000_000;
        start = System.nanoTime();
        filter.doFilter(new MockHttpServletRequest("GET", "/events/42"), new MockHttpServletResponse(),
                new MockFilterChain());
        long slow = (System.nanoTime() - start) / 1_000_000;

        assertThat(others).isLessThan(300);
        assertThat(slow).isGreaterThanOrEqualTo(300);
    }
}
