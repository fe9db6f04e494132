package io.opengateway.ops;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;

import io.opengateway.support.FakeUpstream;
import io.opengateway.support.GatewayTestBase;

import static io.opengateway.ops.ManagementGuardTest.basic;
import static org.assertj.core.api.Assertions.assertThat;

/** Hawtio and Jolokia: on the management port only, behind the admin token, and showing no secret. */
class HawtioConsoleTest extends GatewayTestBase {

    private static final String ADMIN = basic("admin", ADMIN_TOKEN);

    @LocalManagementPort
    int managementPort;

    @Autowired
    CamelContext camel;

    @Test
    void hawtio_answers_on_the_management_port_for_the_admin() throws Exception {
        HttpResponse<String> page = management("/actuator/hawtio/", ADMIN);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("text/html"));
        assertThat(page.body()).containsIgnoringCase("hawtio");
        assertThat(management("/actuator/jolokia/version", "Bearer " + ADMIN_TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void hawtio_and_jolokia_refuse_without_credentials_or_with_wrong_ones() throws Exception {
        for (String path : new String[] {"/actuator/hawtio/", "/actuator/jolokia/version"}) {
            HttpResponse<String> anonymous = management(path, null);
            assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("Basic"));
            assertThat(management(path, basic("admin", "wrong")).statusCode()).as(path).isEqualTo(401);
            assertThat(management(path, "Bearer " + gatewayKey()).statusCode()).as(path).isEqualTo(401);
        }
    }

    @Test
    void neither_is_on_the_public_port_even_with_credentials() throws Exception {
        for (String path : new String[] {"/actuator/hawtio/", "/actuator/jolokia/version", "/actuator/health"}) {
            HttpResponse<String> r = send(baseUrl() + path, ADMIN);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(json(r.body()).path("error").path("code").asText()).as(path).isEqualTo("not_found");
        }
    }

    @Test
    void probes_stay_open_and_readiness_includes_the_database() throws Exception {
        // (Spring Boot tests turn metrics export off: /actuator/prometheus is ManagementGuardTest's)
        assertThat(management("/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(management("/actuator/health/liveness", null).statusCode()).isEqualTo(200);

        HttpResponse<String> readiness = management("/actuator/health/readiness", null);
        assertThat(readiness.statusCode()).isEqualTo(200);
        JsonNode components = json(readiness.body()).path("components");
        assertThat(components.path("db").path("status").asText()).isEqualTo("UP");
        assertThat(components.path("readinessState").path("status").asText()).isEqualTo("UP");
    }

    @Test
    void jolokia_lists_every_route_by_its_own_id() throws Exception {
        JsonNode found = jolokia("{\"type\":\"search\",\"mbean\":\"org.apache.camel:type=routes,*\"}");

        Set<String> names = new TreeSet<>();
        found.path("value").forEach(n -> names.add(n.asText().replaceAll(".*name=\"([^\"]+)\".*", "$1")));
        Set<String> ids = new TreeSet<>();
        for (Route r : camel.getRoutes()) {
            ids.add(r.getRouteId());
        }
        assertThat(names).isEqualTo(ids).contains("chat-completions", "attempts", "attempt", "provider-openai",
                "provider-anthropic", "provider-google", "admin-keys-create", "models-list");
        assertThat(names).noneMatch(n -> n.matches("route\\d+"));
    }

    @Test
    void the_route_source_hawtio_shows_names_the_steps() throws Exception {
        JsonNode dump = jolokia("{\"type\":\"exec\",\"mbean\":\"org.apache.camel:context=" + camel.getName()
                + ",type=routes,name=\\\"chat-completions\\\"\",\"operation\":\"dumpRouteAsXml(boolean)\","
                + "\"arguments\":[true]}");

        assertThat(dump.path("value").asText()).contains("id=\"authenticate\"", "id=\"try-models\"");
    }

    @Test
    void no_provider_key_or_token_appears_in_what_jolokia_shows_of_routes_and_endpoints() throws Exception {
        // a served request first, so the dynamic endpoints and route statistics exist too
        OPENAI.enqueue(FakeUpstream.json(200, "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,"
                + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"hi\"},\"finish_reason\":\"stop\"}]}"));
        assertThat(post("/v1/chat/completions", chat("openai/gpt-4o-mini")).statusCode()).isEqualTo(200);

        JsonNode endpoints = jolokia("{\"type\":\"read\",\"mbean\":\"org.apache.camel:type=endpoints,*\","
                + "\"attribute\":\"EndpointUri\"}");
        List<String> uris = new ArrayList<>();
        endpoints.path("value").forEach(e -> uris.add(e.path("EndpointUri").asText()));
        assertThat(uris).anyMatch(u -> u.contains(OPENAI.baseUrl().substring("http://".length())))
                .anyMatch(u -> u.contains(GOOGLE.baseUrl().substring("http://".length())));

        List<String> views = new ArrayList<>();
        views.add(endpoints.toString());
        views.add(jolokia("{\"type\":\"read\",\"mbean\":\"org.apache.camel:*\",\"config\":{\"ignoreErrors\":true}}")
                .toString());
        String context = "org.apache.camel:context=" + camel.getName() + ",type=context,name=\\\"" + camel.getName() + "\\\"";
        for (String op : new String[] {"dumpRoutesAsXml(boolean)", "dumpRoutesAsYaml(boolean)"}) {
            views.add(jolokia("{\"type\":\"exec\",\"mbean\":\"" + context + "\",\"operation\":\"" + op
                    + "\",\"arguments\":[true]}").toString());
        }
        for (String view : views) {
            assertThat(view).hasSizeGreaterThan(100).doesNotContain(OPENAI_KEY, ANTHROPIC_KEY, GOOGLE_KEY, ADMIN_TOKEN,
                    gatewayKey());
        }
    }

    @Test
    void jolokia_refuses_jvm_diagnostics_and_message_injection_even_for_the_admin() throws Exception {
        JsonNode diagnostic = jolokia("{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=DiagnosticCommand\","
                + "\"operation\":\"vmVersion()\"}");
        assertThat(diagnostic.path("status").asInt()).isEqualTo(403);

        JsonNode send = jolokia("{\"type\":\"exec\",\"mbean\":\"org.apache.camel:context=" + camel.getName()
                + ",type=context,name=\\\"" + camel.getName() + "\\\"\",\"operation\":\"sendBody(java.lang.String,"
                + "java.lang.Object)\",\"arguments\":[\"direct:attempt\",\"x\"]}");
        assertThat(send.path("status").asInt()).isEqualTo(403);
    }

    private JsonNode jolokia(String request) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(managementUrl() + "/actuator/jolokia"))
                .header("Authorization", ADMIN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request))
                .build();
        HttpResponse<String> response = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response.body());
    }

    private HttpResponse<String> management(String path, String authorization) throws Exception {
        return send(managementUrl() + path, authorization);
    }

    private static HttpResponse<String> send(String url, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }
}
