package dev.scheduler.system;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers {@code SCHEDULER_FAULT_ERROR_PERCENT} of the requests outside {@code /actuator} with a 500:
 * a release that passes its health checks and fails its users. The failures are spread evenly
 * (at 10 %, every tenth request), not drawn at random, so any window of requests sees the share.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class FaultErrorFilter extends OncePerRequestFilter {

    private final int percent;
    private final AtomicLong requests = new AtomicLong();

    FaultErrorFilter(SchedulerProperties properties) {
        this.percent = properties.fault().errorPercent();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return percent <= 0 || path.equals("/actuator") || path.startsWith("/actuator/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (fails(requests.getAndIncrement(), percent)) {
            ProblemResponses.write(response, 500, "Internal Server Error",
                    "injected fault: SCHEDULER_FAULT_ERROR_PERCENT=" + percent, request.getRequestURI());
            return;
        }
        chain.doFilter(request, response);
    }

    /** Whether request number {@code n} (from 0) fails: where the running count of failures due goes up by one. */
    static boolean fails(long n, int percent) {
        return (n + 1) * percent / 100 > n * percent / 100;
    }
}
