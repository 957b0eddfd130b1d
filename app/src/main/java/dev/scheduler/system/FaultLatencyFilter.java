package dev.scheduler.system;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Adds {@code SCHEDULER_FAULT_LATENCY_MS} to every request, health included (a slow release is slow
 * everywhere), or, with {@code SCHEDULER_FAULT_LATENCY_PATH}, only to requests whose path starts with
 * it (a release slow on one route).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class FaultLatencyFilter extends OncePerRequestFilter {

    private final long latencyMs;
    private final String path;

    FaultLatencyFilter(SchedulerProperties properties) {
        this.latencyMs = properties.fault().latencyMs();
        this.path = properties.fault().latencyPath();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        if (latencyMs <= 0) {
            return true;
        }
        String requested = request.getRequestURI().substring(request.getContextPath().length());
        return !path.isEmpty() && !requested.startsWith(path);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            Thread.sleep(latencyMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        chain.doFilter(request, response);
    }
}
