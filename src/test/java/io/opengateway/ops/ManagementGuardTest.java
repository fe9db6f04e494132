package io.opengateway.ops;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The management port's guard, request by request, including the configurations a test server does not run. */
class ManagementGuardTest {

    private static final String TOKEN = "admin-token-for-guard-tests";
    private static final ManagementGuard GUARD = new ManagementGuard("/actuator", TOKEN, true);

    @Test
    void health_and_prometheus_need_no_credentials() throws Exception {
        for (String path : new String[] {"/actuator/health", "/actuator/health/readiness", "/actuator/prometheus",
                "/actuator/info"}) {
            assertThat(run(GUARD, get(path)).passed).as(path).isTrue();
        }
    }

    @Test
    void everything_else_asks_for_basic_credentials() throws Exception {
        for (String path : new String[] {"/actuator/hawtio/", "/actuator/jolokia", "/actuator", "/actuator/env", "/"}) {
            Result r = run(GUARD, get(path));
            assertThat(r.passed).as(path).isFalse();
            assertThat(r.response.getStatus()).as(path).isEqualTo(401);
            assertThat(r.response.getHeader("WWW-Authenticate")).startsWith("Basic realm=");
        }
    }

    @Test
    void admin_with_the_token_or_the_token_as_bearer_passes() throws Exception {
        assertThat(run(GUARD, get("/actuator/hawtio/").header("Authorization", basic("admin", TOKEN))).passed).isTrue();
        assertThat(run(GUARD, get("/actuator/jolokia").header("Authorization", "Bearer " + TOKEN)).passed).isTrue();
    }

    @Test
    void a_wrong_user_password_or_scheme_is_refused() throws Exception {
        for (String auth : new String[] {basic("root", TOKEN), basic("admin", TOKEN + "x"), basic("admin", ""),
                "Bearer wrong", "Basic !!!not-base64", "Digest " + TOKEN, basic("admin" + TOKEN, "")}) {
            Result r = run(GUARD, get("/actuator/jolokia").header("Authorization", auth));
            assertThat(r.response.getStatus()).as(auth).isEqualTo(401);
        }
    }

    @Test
    void without_an_admin_token_the_console_is_closed_but_health_stays_open() throws Exception {
        ManagementGuard closed = new ManagementGuard("/actuator", "  ", true);

        Result r = run(closed, get("/actuator/hawtio/").header("Authorization", basic("admin", "  ")));
        assertThat(r.response.getStatus()).isEqualTo(403);
        assertThat(run(closed, get("/actuator/jolokia").header("Authorization", "Bearer ")).response.getStatus())
                .isEqualTo(403);
        assertThat(run(new ManagementGuard("/actuator", null, true), get("/actuator/hawtio/")).response.getStatus())
                .isEqualTo(403);
        assertThat(run(closed, get("/actuator/health/liveness")).passed).isTrue();
    }

    @Test
    void on_a_shared_public_port_the_console_does_not_exist_and_the_api_is_untouched() throws Exception {
        ManagementGuard shared = new ManagementGuard("/actuator", TOKEN, false);

        Result console = run(shared, get("/actuator/hawtio/").header("Authorization", basic("admin", TOKEN)));
        assertThat(console.response.getStatus()).isEqualTo(404);
        assertThat(run(shared, get("/actuator/jolokia")).response.getStatus()).isEqualTo(404);
        assertThat(run(shared, get("/v1/models")).passed).isTrue();
        assertThat(run(shared, get("/actuatorx")).passed).isTrue();
        assertThat(run(shared, get("/actuator/health")).passed).isTrue();
    }

    @Test
    void embedded_it_guards_only_the_console_and_leaves_the_applications_endpoints_alone() throws Exception {
        List<String> console = List.of("hawtio", "jolokia");
        ManagementGuard own = new ManagementGuard("/actuator", TOKEN, true, console);
        for (String path : new String[] {"/actuator/metrics", "/actuator/env", "/actuator", "/actuator/orders", "/",
                "/actuator/hawtiox"}) {
            assertThat(run(own, get(path)).passed).as(path).isTrue();
        }
        for (String path : new String[] {"/actuator/hawtio", "/actuator/hawtio/", "/actuator/jolokia/version"}) {
            assertThat(run(own, get(path)).response.getStatus()).as(path).isEqualTo(401);
        }
        assertThat(run(own, get("/actuator/jolokia").header("Authorization", "Bearer " + TOKEN)).passed).isTrue();

        ManagementGuard shared = new ManagementGuard("/actuator", TOKEN, false, console);
        assertThat(run(shared, get("/actuator/metrics")).passed).isTrue();
        assertThat(run(shared, get("/actuator/jolokia").header("Authorization", "Bearer " + TOKEN)).response.getStatus())
                .isEqualTo(404);

        ManagementGuard mapped = new ManagementGuard("/manage/", TOKEN, true, List.of("hawtio", "/jmx"));
        assertThat(run(mapped, get("/manage/jmx/read")).response.getStatus()).isEqualTo(401);
        assertThat(run(mapped, get("/manage/jolokia")).passed).isTrue();
    }

    @Test
    void requests_a_browser_marks_as_cross_site_are_refused_even_with_credentials() throws Exception {
        MockHttpServletRequest img = get("/actuator/jolokia/exec/x:type=y/stop()");
        img.addHeader("Sec-Fetch-Site", "cross-site");
        img.addHeader("Authorization", basic("admin", TOKEN));
        assertThat(run(GUARD, img).response.getStatus()).isEqualTo(403);

        MockHttpServletRequest post = new MockHttpServletRequest("POST", "/actuator/jolokia");
        post.addHeader("Host", "gateway:8081");
        post.addHeader("Origin", "https://evil.example");
        post.addHeader("Authorization", basic("admin", TOKEN));
        assertThat(run(GUARD, post).response.getStatus()).isEqualTo(403);

        MockHttpServletRequest own = new MockHttpServletRequest("POST", "/actuator/jolokia");
        own.addHeader("Host", "gateway:8081");
        own.addHeader("Origin", "http://gateway:8081");
        own.addHeader("Sec-Fetch-Site", "same-origin");
        own.addHeader("Authorization", basic("admin", TOKEN));
        assertThat(run(GUARD, own).passed).isTrue();
    }

    private record Result(boolean passed, MockHttpServletResponse response) {
    }

    private static Result run(ManagementGuard guard, MockHttpServletRequest request) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        guard.doFilter(request, response, chain);
        return new Result(chain.getRequest() != null, response);
    }

    private static RequestBuilder get(String path) {
        return new RequestBuilder(path);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A GET with a fluent header(); a MockHttpServletRequest underneath. */
    private static final class RequestBuilder extends MockHttpServletRequest {
        RequestBuilder(String path) {
            super("GET", path);
        }

        RequestBuilder header(String name, String value) {
            addHeader(name, value);
            return this;
        }
    }
}
