package io.opengateway;

import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.opengateway.support.GatewayTestBase;

import static org.assertj.core.api.Assertions.assertThat;

/** Real providers are https: their client must get the same settings as the http one. */
class UpstreamClientSettingsTest extends GatewayTestBase {

    @Autowired
    CamelContext camel;

    @Test
    void http_and_https_clients_never_retry_on_their_own_and_allow_many_connections() {
        for (String scheme : new String[] {"http", "https"}) {
            HttpComponent c = camel.getComponent(scheme, HttpComponent.class);
            assertThat(c.isAutomaticRetriesDisabled()).as(scheme).isTrue();
            assertThat(c.getMaxTotalConnections()).as(scheme).isGreaterThanOrEqualTo(10000);
            assertThat(c.getConnectionsPerRoute()).as(scheme).isGreaterThanOrEqualTo(10000);
        }
    }
}
