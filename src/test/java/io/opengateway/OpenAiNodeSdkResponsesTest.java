package io.opengateway;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.opengateway.support.GatewayTestBase;
import io.opengateway.support.NodeTools;

/**
 * The official openai Node SDK (npm, pinned, unmodified) with OPENAI_BASE_URL at the gateway:
 * responses.create, responses.stream and a two-turn function-tool loop, a turn continued by previous_response_id (clients/openai-responses.cjs),
 * against the fake provider of each model. openai 7 declares Node 22 and runs on Node 20.
 */
class OpenAiNodeSdkResponsesTest extends GatewayTestBase {

    static final String PACKAGE = "openai@7.60.0";
    static final Path SCRIPT = Path.of("src", "test", "resources", "clients", "openai-responses.cjs");

    static Path modules;

    @BeforeAll
    static void installSdk() throws Exception {
        modules = NodeTools.install(PACKAGE, "openai Node SDK tests").resolve("node_modules");
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai/gpt-4o-mini", "anthropic/claude-haiku-4-5", "google/gemini-3.8-flash"})
    void the_node_sdk_creates_streams_and_loops_over_a_tool(String model) throws Exception {
        ResponsesFakes fakes = ResponsesFakes.of(model).answerText().answerStream().answerToolCall().answerText()
                .answerText();

        NodeTools.Run run = NodeTools.run(List.of("node", SCRIPT.toAbsolutePath().toString(), model), Path.of("."),
                Map.of("NODE_PATH", modules.toString(), "OPENAI_BASE_URL", baseUrl() + "/v1",
                        "OPENAI_API_KEY", gatewayKey()), Duration.ofSeconds(60));

        ResponsesClientAssertions.assertClientOutput(run, model, fakes);
    }
}
