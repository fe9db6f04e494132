package io.opengateway;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.opengateway.AnthropicSdkTest.Provider;
import io.opengateway.support.FakeUpstream;
import io.opengateway.support.GatewayTestBase;
import io.opengateway.support.NodeTools;

import static io.opengateway.support.FakeUpstream.fixture;
import static io.opengateway.support.FakeUpstream.sseFixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Anthropic's TypeScript SDK (@anthropic-ai/sdk from npm, pinned, unmodified) pointed at the gateway
 * by ANTHROPIC_BASE_URL and ANTHROPIC_API_KEY: a plain message, a stream, a two-turn tool-use loop,
 * count_tokens and an upstream 429, against fake anthropic, openai and google providers. One node
 * run per provider (clients/anthropic-sdk.cjs) does all five and prints what it got.
 */
class AnthropicTypeScriptSdkTest extends GatewayTestBase {

    static final String PACKAGE = "@anthropic-ai/sdk@1.17.0";
    static final Path SCRIPT = Path.of("src", "test", "resources", "clients", "anthropic-sdk.cjs");

    static Path modules;

    @BeforeAll
    static void installSdk() throws Exception {
        modules = NodeTools.install(PACKAGE, "Anthropic TypeScript SDK tests").resolve("node_modules");
    }

    @ParameterizedTest
    @ValueSource(strings = {AnthropicSdkTest.ANTHROPIC_MODEL, AnthropicSdkTest.OPENAI_MODEL, AnthropicSdkTest.GOOGLE_MODEL})
    void the_typescript_sdk_talks_messages_to_every_provider(String model) throws Exception {
        Provider p = AnthropicSdkTest.provider(model);
        FakeUpstream fake = p.fake();
        fake.enqueue(FakeUpstream.json(200, fixture(p.text())));
        fake.enqueue(FakeUpstream.sse(sseFixture(p.stream()), Duration.ZERO));
        fake.enqueue(FakeUpstream.json(200, fixture(p.toolCall())));
        fake.enqueue(FakeUpstream.json(200, fixture(p.text())));
        if (fake == ANTHROPIC) {
            fake.enqueue(FakeUpstream.json(200, "{\"input_tokens\": 14}"));
        } else if (fake == GOOGLE) {
            fake.enqueue(FakeUpstream.json(200, "{\"totalTokens\": 31, \"promptTokensDetails\": []}"));
        }
        fake.enqueue(FakeUpstream.json(429, fixture(errorFixture(model)), Map.of("Retry-After", "7")));

        NodeTools.Run run = NodeTools.run(List.of("node", SCRIPT.toAbsolutePath().toString(), model), Path.of("."),
                Map.of("NODE_PATH", modules.toString(), "ANTHROPIC_BASE_URL", baseUrl(),
                        "ANTHROPIC_API_KEY", gatewayKey()), Duration.ofSeconds(60));

        assertThat(run.exit()).as("node: %s", run.err()).isZero();
        JsonNode out = json(run.out());

        JsonNode plain = out.path("plain");
        assertThat(plain.path("text").asText()).startsWith("Hello!");
        assertThat(plain.path("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(plain.path("usage").path("input_tokens").asInt()).isPositive();
        assertThat(plain.path("usage").path("output_tokens").asInt()).isPositive();

        JsonNode stream = out.path("stream");
        assertThat(stream.path("events").toString()).startsWith("[\"message_start\"")
                .contains("content_block_delta").endsWith("\"message_stop\"]");
        assertThat(stream.path("text").asText()).isNotBlank();
        assertThat(stream.path("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(stream.path("usage").path("output_tokens").asInt()).isPositive();

        JsonNode tools = out.path("tools");
        assertThat(tools.path("first_stop").asText()).isEqualTo("tool_use");
        assertThat(tools.path("calls").get(0).path("name").asText()).isEqualTo("get_weather");
        assertThat(tools.path("calls").get(0).path("input").isObject()).isTrue(); // parsed, not a string
        assertThat(tools.path("calls").get(0).path("input").size()).isPositive();
        assertThat(tools.path("second_stop").asText()).isEqualTo("end_turn");
        String resultTurn = fake.requests().get(3).body();
        assertThat(resultTurn).contains("18 degrees");

        assertThat(out.path("count").asInt()).isEqualTo(switch (model.substring(0, model.indexOf('/') + 1)) {
            case "openai/" -> 10; // counted by the gateway with o200k_base, as in AnthropicSdkTest
            case "google/" -> 31;
            default -> 14;
        });

        JsonNode error = out.path("error");
        assertThat(error.path("class").asText()).isEqualTo("RateLimitError");
        assertThat(error.path("status").asInt()).isEqualTo(429);
        assertThat(error.path("type").asText()).isEqualTo("rate_limit_error");
        assertThat(error.path("request_id").asText()).isNotBlank();
    }

    static String errorFixture(String model) {
        return model.startsWith("openai/") ? "openai/error-429.json"
                : model.startsWith("google/") ? "gemini/error-429.json" : "anthropic/error-429.json";
    }
}
