package io.opengateway.dialect.anthropic;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import io.opengateway.config.GatewayProperties;
import io.opengateway.dialect.UpstreamCall;
import io.opengateway.error.UpstreamException;
import io.opengateway.routing.AttemptRecord;
import io.opengateway.routing.Endpoint;
import io.opengateway.routing.InboundRequest;
import io.opengateway.routing.ModelTarget;
import io.opengateway.routing.RequestContext;

import static io.opengateway.dialect.anthropic.AnthropicFixtures.chat;
import static io.opengateway.dialect.anthropic.AnthropicFixtures.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The upstream call: path, headers, the key only in x-api-key. */
class AnthropicRequestMapperTest {

    private static final String KEY = "sk-ant-mapper-test-key-7";
    private final AnthropicRequestMapper mapper = new AnthropicRequestMapper(new ObjectMapper());

    @Test
    void calls_v1_messages_with_the_key_in_x_api_key_only() {
        UpstreamCall call = mapper.build(context(false), target(KEY));

        assertThat(call.path()).isEqualTo("v1/messages");
        assertThat(call.headers()).containsEntry("x-api-key", KEY).containsEntry("anthropic-version", "2023-06-01")
                .doesNotContainKey("Authorization").doesNotContainKey("Accept-Encoding");
        assertThat(new String(call.body(), StandardCharsets.UTF_8)).doesNotContain(KEY);
    }

    @Test
    void asks_for_an_unencoded_event_stream_when_streaming() {
        UpstreamCall call = mapper.build(context(true), target(KEY));

        assertThat(call.headers()).containsEntry("Accept", "text/event-stream").containsEntry("Accept-Encoding", "identity");
    }

    @Test
    void a_provider_without_a_key_fails_the_attempt_with_a_clear_message() {
        assertThatThrownBy(() -> mapper.build(context(false), target(null)))
                .isInstanceOfSatisfying(UpstreamException.class, e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.code()).isEqualTo("provider_not_configured");
                    assertThat(e.getMessage()).contains("opengateway.providers.anthropic.api-key");
                });
    }

    private static RequestContext context(boolean stream) {
        InboundRequest request = new InboundRequest("req_mapper", Endpoint.CHAT)
                .withChat(chat("{\"model\":\"anthropic/claude-haiku-4-5\",\"stream\":" + stream
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
                .withPlan(List.of(model("anthropic/claude-haiku-4-5")));
        return new RequestContext(request, new AttemptRecord(request.startNanos()));
    }

    private static ModelTarget target(String key) {
        return new ModelTarget(model("anthropic/claude-haiku-4-5"),
                new GatewayProperties.Provider("http://x", key, Duration.ofSeconds(1), Duration.ofSeconds(1), GatewayProperties.CircuitBreaker.DEFAULT), 1);
    }
}
