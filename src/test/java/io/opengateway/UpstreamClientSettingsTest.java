package io.opengateway;

import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.http.HttpEndpoint;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.opengateway.support.GatewayTestBase;

import static org.assertj.core.api.Assertions.assertThat;

/** Provider calls go through the gateway's own HTTP component, whatever the application does with camel-http. */
class UpstreamClientSettingsTest extends GatewayTestBase {

    @Autowired
    CamelContext camel;

    @Test
    void the_gateways_http_client_never_retries_on_its_own_and_allows_many_connections() {
        for (String scheme : new String[] {"opengateway-http"}) {
            HttpComponent c = camel.getComponent(scheme, HttpComponent.class);
            assertThat(c.isAutomaticRetriesDisabled()).as(scheme).isTrue();
            assertThat(c.getMaxTotalConnections()).as(scheme).isGreaterThanOrEqualTo(10000);
            assertThat(c.getConnectionsPerRoute()).as(scheme).isGreaterThanOrEqualTo(10000);
        }
    }

    @Test
    void an_https_base_url_stays_https_through_the_gateways_component() {
        HttpEndpoint e = camel.getEndpoint("opengateway-http:https://api.provider.example/v1", HttpEndpoint.class);
        assertThat(e.getHttpUri().toString()).isEqualTo("https://api.provider.example/v1");
        HttpEndpoint plain = camel.getEndpoint("opengateway-http:http://vllm.internal:8000/v1", HttpEndpoint.class);
        assertThat(plain.getHttpUri().toString()).isEqualTo("http://vllm.internal:8000/v1");
    }
}
