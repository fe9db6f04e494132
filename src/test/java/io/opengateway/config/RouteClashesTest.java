package io.opengateway.config;

import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gateway's real route files loaded next to an application's routes, without starting anything. */
class RouteClashesTest {

    /** An application with {@code routes}, then the gateway's route files: what the check says. */
    private static List<String> load(RouteBuilder routes) throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(routes);
            Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
            RouteClashes application = RouteClashes.of(model);
            PluginHelper.getRoutesLoader(camel).loadRoutes(
                    PluginHelper.getPackageScanResourceResolver(camel).findResources("file:routes/*.yaml"));
            return RouteClashes.httpPaths(application.check(model));
        }
    }

    private static RouteBuilder routes(String uri, String id) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId(id).log("the application's");
            }
        };
    }

    @Test
    void routes_of_their_own_and_other_methods_on_a_gateway_path_load_beside_the_gateways() throws Exception {
        List<String> paths = load(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:orders").routeId("orders").log("orders");
                from("platform-http:/admin/keys?httpMethodRestrict=PUT").routeId("put-keys").log("put");
                from("platform-http:/v1/estate").routeId("estate-v1").log("v1");
            }
        });

        assertThat(paths).contains("/v1/chat/completions", "/v1/responses", "/v1/models/{id}", "/admin/keys",
                "/admin/keys/{id}").doesNotContain("/v1/estate");
    }

    @Test
    void a_route_id_an_endpoint_or_a_path_and_method_the_gateway_takes_stops_the_start() {
        assertThatThrownBy(() -> load(routes("timer:tick", "attempts")))
                .hasMessageContaining("route 'attempts'").hasMessageContaining("gateway.yaml").hasMessageContaining("route id");
        assertThatThrownBy(() -> load(routes("direct://attempt?timeout=5", "mine")))
                .hasMessageContaining("direct:attempt").hasMessageContaining("route 'mine'");
        assertThatThrownBy(() -> load(routes("direct:provider-openai", "mine")))
                .hasMessageContaining("route 'provider-openai'").hasMessageContaining("direct:provider-openai");
        assertThatThrownBy(() -> load(routes("platform-http:/admin/keys?httpMethodRestrict=GET,PUT", "mine")))
                .hasMessageContaining("GET platform-http:/admin/keys");
        assertThatThrownBy(() -> load(routes("platform-http:/v1/models/{name}", "mine")))
                .hasMessageContaining("platform-http:/v1/models/{}");
    }
}
