package io.opengateway.dialect.gemini;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.opengateway.support.FakeUpstream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The escaped model segment as camel-http and HttpClient really send it: no model name, however
 * crafted, reaches a path other than its own under {@code /v1beta/models/}, nor another host.
 */
class GeminiModelPathOverHttpTest {

    private final FakeUpstream google = new FakeUpstream();
    private CamelContext camel;
    private ProducerTemplate producer;

    @BeforeEach
    void start() throws Exception {
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:call").to(google.baseUrl() + "?throwExceptionOnFailure=false");
            }
        });
        camel.start();
        producer = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
        google.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"x/../../y", "..", "%2e%2e/%2e%2e/v1/files", "a?key=1#x", "a:b@evil.example.com",
            "m\r\nHost: evil", "..;/admin", "\\..\\x"})
    void a_model_name_stays_in_its_own_path_segment(String model) {
        google.always(FakeUpstream.json(200, "{}"));
        String segment = GeminiRequestMapper.pathSegment(model);

        producer.send("direct:call", ex -> {
            ex.getIn().setHeader(Exchange.HTTP_METHOD, "POST");
            ex.getIn().setHeader(Exchange.HTTP_PATH, "v1beta/models/" + segment + ":generateContent");
            ex.getIn().setBody("{}");
        });

        FakeUpstream.Recorded r = google.lastRequest();
        assertThat(r).isNotNull();
        assertThat(r.path()).isEqualTo("/v1beta/models/" + segment + ":generateContent");
        assertThat(r.path().substring("/v1beta/models/".length())).doesNotContain("/");
        assertThat(r.query()).isNull();
    }
}
