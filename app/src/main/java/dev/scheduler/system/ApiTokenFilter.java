package dev.scheduler.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In the staging and production profiles, every endpoint but health needs
 * {@code Authorization: Bearer <SCHEDULER_API_TOKEN>} (or {@code X-API-Token}).
 * With no token configured there, it fails closed: every such request gets 401.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class ApiTokenFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ApiTokenFilter.class);

    private final boolean required;
    private final byte[] token;

    ApiTokenFilter(SchedulerProperties properties, Environment environment) {
        this.required = environment.acceptsProfiles(Profiles.of("staging | production"));
        this.token = properties.apiToken().getBytes(StandardCharsets.UTF_8);
        if (required && token.length == 0) {
            log.warn("SCHEDULER_API_TOKEN is empty in profile {}: every endpoint but health answers 401",
                    String.join(",", environment.getActiveProfiles()));
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        if (!required) {
            return true;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals("/actuator/health") || path.startsWith("/actuator/health/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = presentedToken(request);
        if (token.length > 0 && presented != null
                && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("WWW-Authenticate", "Bearer");
        ProblemResponses.write(response, 401, "Unauthorized",
                presented == null ? "an API token is required: Authorization: Bearer <token>" : "the API token is not valid",
                request.getRequestURI());
    }

    private static String presentedToken(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        return request.getHeader("X-API-Token");
    }
}
