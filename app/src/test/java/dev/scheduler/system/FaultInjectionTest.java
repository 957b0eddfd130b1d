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
                new SchedulerProperties.Fault(failReadiness, latencyMs, 0, refuseStart, 0, ""));
    }

    private static SchedulerProperties errorPercent(int percent) {
        return new SchedulerProperties("api", "", "dev", null,
                new SchedulerProperties.Fault(false, 0, 0, false, percent, ""));
    }

    private static int status(FaultErrorFilter filter, String path) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(new MockHttpServletRequest("GET", path), response, new MockFilterChain());
        return response.getStatus();
    }

    @Test
    void offByDefault() {
        SchedulerProperties none = new SchedulerProperties(null, null, null, null, null);
        assertThat(new FaultReadinessHealthIndicator(none).health().getStatus()).isEqualTo(Status.UP);
        new FaultInjection(none).scheduleCrash();
        assertThat(none.fault().errorPercent()).isZero();
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
    void errorPercentFailsThatShareOfApiRequestsSpreadEvenly() throws Exception {
        FaultErrorFilter filter = new FaultErrorFilter(errorPercent(10));
        int failed = 0;
        for (int i = 0; i < 100; i++) {
            int status = status(filter, "/members");
            if (status == 500) {
                failed++;
            }
            // Evenly: never more than one failure in any ten requests in a row.
            assertThat(failed).as("after %d requests", i + 1).isLessThanOrEqualTo((i + 1) / 10 + 1);
        }
        assertThat(failed).isEqualTo(10);

        MockHttpServletResponse response = new MockHttpServletResponse();
        new FaultErrorFilter(errorPercent(100)).doFilter(new MockHttpServletRequest("GET", "/members"), response,
                new MockFilterChain());
        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getContentAsString()).contains("\"status\":500").contains("SCHEDULER_FAULT_ERROR_PERCENT");
    }

    @Test
    void errorPercentNeverFailsActuatorAndZeroFailsNothing() throws Exception {
        FaultErrorFilter all = new FaultErrorFilter(errorPercent(100));
        for (String path : new String[] {"/actuator/health", "/actuator/health/readiness", "/actuator/info", "/actuator"}) {
            assertThat(status(all, path)).as(path).isEqualTo(200);
        }
        FaultErrorFilter none = new FaultErrorFilter(errorPercent(0));
        for (int i = 0; i < 50; i++) {
            assertThat(status(none, "/members")).isEqualTo(200);
        }
    }

    @Test
    void errorPercentOutsideZeroToHundredIsRefused() {
        assertThatThrownBy(() -> errorPercent(101)).hasMessageContaining("SCHEDULER_FAULT_ERROR_PERCENT");
        assertThatThrownBy(() -> errorPercent(-1)).hasMessageContaining("SCHEDULER_FAULT_ERROR_PERCENT");
    }

    @Test
    void latencyWithAPathDelaysOnlyThatRoute() throws Exception {
        FaultLatencyFilter filter = new FaultLatencyFilter(new SchedulerProperties("api", "", "dev", null,
                new SchedulerProperties.Fault(false, 300, 0, false, 0, "/events/")));

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
