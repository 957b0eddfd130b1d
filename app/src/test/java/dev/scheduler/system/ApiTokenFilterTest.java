package dev.scheduler.system;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class ApiTokenFilterTest {

    private static SchedulerProperties properties(String token) {
        return new SchedulerProperties("api", token, "dev", null, null);
    }

    private static MockHttpServletResponse run(ApiTokenFilter filter, MockHttpServletRequest request) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        return response;
    }

    private static MockEnvironment profile(String profile) {
        MockEnvironment environment = new MockEnvironment();
        environment.setActiveProfiles(profile);
        return environment;
    }

    @Test
    void localProfileNeedsNoToken() throws Exception {
        ApiTokenFilter filter = new ApiTokenFilter(properties("s3cret"), profile("local"));
        assertThat(run(filter, new MockHttpServletRequest("GET", "/members")).getStatus()).isEqualTo(200);
    }

    @Test
    void productionRejectsMissingAndWrongTokens() throws Exception {
        ApiTokenFilter filter = new ApiTokenFilter(properties("s3cret"), profile("production"));
        assertThat(run(filter, new MockHttpServletRequest("GET", "/members")).getStatus()).isEqualTo(401);

        MockHttpServletRequest wrong = new MockHttpServletRequest("GET", "/members");
        wrong.addHeader("Authorization", "Bearer nope");
        MockHttpServletResponse response = run(filter, wrong);
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getContentType()).startsWith("application/problem+json");
    }

    @Test
    void stagingAcceptsBearerOrHeaderToken() throws Exception {
        ApiTokenFilter filter = new ApiTokenFilter(properties("s3cret"), profile("staging"));
        MockHttpServletRequest bearer = new MockHttpServletRequest("GET", "/actuator/prometheus");
        bearer.addHeader("Authorization", "Bearer s3cret");
        assertThat(run(filter, bearer).getStatus()).isEqualTo(200);

        MockHttpServletRequest header = new MockHttpServletRequest("GET", "/members");
        header.addHeader("X-API-Token", "s3cret");
        assertThat(run(filter, header).getStatus()).isEqualTo(200);
    }

    @Test
    void healthIsOpenEverywhere() throws Exception {
        ApiTokenFilter filter = new ApiTokenFilter(properties("s3cret"), profile("production"));
        assertThat(run(filter, new MockHttpServletRequest("GET", "/actuator/health")).getStatus()).isEqualTo(200);
        assertThat(run(filter, new MockHttpServletRequest("GET", "/actuator/health/readiness")).getStatus())
                .isEqualTo(200);
        assertThat(run(filter, new MockHttpServletRequest("GET", "/actuator/healthz")).getStatus()).isEqualTo(401);
    }

    @Test
    void emptyTokenInProductionFailsClosed() throws Exception {
        ApiTokenFilter filter = new ApiTokenFilter(properties(""), profile("production"));
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/members");
        request.addHeader("Authorization", "Bearer ");
        assertThat(run(filter, request).getStatus()).isEqualTo(401);
    }
}
