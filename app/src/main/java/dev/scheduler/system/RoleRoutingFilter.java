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

/** The worker serves health and metrics only; the API belongs to the api role. */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class RoleRoutingFilter extends OncePerRequestFilter {

    private final boolean worker;

    RoleRoutingFilter(SchedulerProperties properties) {
        this.worker = properties.parsedRole() == Role.WORKER;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !worker || path.startsWith("/actuator");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ProblemResponses.write(response, 404, "Not Found",
                "the worker serves /actuator only; the API is on the api role (port 8000)", request.getRequestURI());
    }
}
