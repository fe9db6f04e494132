package io.opengateway.dialect.gemini;

import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import io.opengateway.catalog.CatalogEntry;
import io.opengateway.config.GatewayProperties;
import io.opengateway.dialect.UpstreamCall;
import io.opengateway.error.UpstreamException;
import io.opengateway.routing.AttemptRecord;
import io.opengateway.routing.Endpoint;
import io.opengateway.routing.InboundRequest;
import io.opengateway.routing.ModelTarget;
import io.opengateway.routing.RequestContext;

import static io.opengateway.dialect.gemini.GeminiFixtures.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GeminiRequestMapperTest {

    private static final GatewayProperties.Provider GOOGLE = new GatewayProperties.Provider(
            "https://generativelanguage.googleapis.com", "AIza-secret-key", Duration.ofSeconds(5), Duration.ofSeconds(120), GatewayProperties.CircuitBreaker.DEFAULT);

    private final GeminiRequestMapper mapper = new GeminiRequestMapper(new ObjectMapper());

    private static RequestContext ctx(boolean stream) throws Exception {
        InboundRequest request = new InboundRequest("req_1", Endpoint.CHAT).withChat(GeminiFixtures.chat(JSON.readTree(
                "{\"model\":\"google/gemini-3.8-flash\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")));
        return new RequestContext(request, new AttemptRecord(request.startNanos()));
    }

    private static ModelTarget target(CatalogEntry model, GatewayProperties.Provider settings) {
        return new ModelTarget(model, settings, 1);
    }

    @Test
    void calls_generate_content_with_the_key_in_a_header_only() throws Exception {
        UpstreamCall call = mapper.build(ctx(false), target(GeminiFixtures.model("google/gemini-3.8-flash"), GOOGLE));

        assertThat(call.path()).isEqualTo("v1beta/models/gemini-3.8-flash:generateContent");
        assertThat(call.query()).isNull();
        assertThat(call.headers()).containsEntry("x-goog-api-key", "AIza-secret-key")
                .doesNotContainKey("Accept-Encoding");
        assertThat(new String(call.body())).doesNotContain("AIza-secret-key");
    }

    @Test
    void streams_through_stream_generate_content_as_sse_without_compression() throws Exception {
        UpstreamCall call = mapper.build(ctx(true), target(GeminiFixtures.model("google/gemini-3.8-flash"), GOOGLE));

        assertThat(call.path()).isEqualTo("v1beta/models/gemini-3.8-flash:streamGenerateContent");
        assertThat(call.query()).isEqualTo("alt=sse");
        assertThat(call.headers()).containsEntry("Accept", "text/event-stream")
                .containsEntry("Accept-Encoding", "identity");
    }

    @Test
    void a_model_id_cannot_leave_its_path_segment() {
        assertThat(GeminiRequestMapper.pathSegment("x/../../y")).isEqualTo("x%2F..%2F..%2Fy");
        assertThat(GeminiRequestMapper.pathSegment("%2e%2e")).isEqualTo("%252e%252e");
        assertThat(GeminiRequestMapper.pathSegment("a?key=1#frag")).isEqualTo("a%3Fkey%3D1%23frag");
        assertThat(GeminiRequestMapper.pathSegment("m\r\nHost: evil")).isEqualTo("m%0D%0AHost%3A%20evil");
        assertThat(GeminiRequestMapper.pathSegment("tuned:é")).isEqualTo("tuned%3A%C3%A9");
        assertThat(GeminiRequestMapper.pathSegment("gemini-3.8-flash_001")).isEqualTo("gemini-3.8-flash_001");
    }

    @Test
    void a_provider_without_a_key_fails_the_attempt_clearly() {
        var noKey = new GatewayProperties.Provider("https://x", null, Duration.ofSeconds(5), Duration.ofSeconds(5), GatewayProperties.CircuitBreaker.DEFAULT);

        assertThatThrownBy(() -> mapper.build(ctx(false), target(GeminiFixtures.model("google/gemini-3.8-flash"), noKey)))
                .isInstanceOfSatisfying(UpstreamException.class, e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.code()).isEqualTo("provider_not_configured");
                    assertThat(e.getMessage()).contains("opengateway.providers.google.api-key");
                });
    }
}
