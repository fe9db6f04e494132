package io.opengateway;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.opengateway.support.FakeUpstream;
import io.opengateway.support.GatewayTestBase;
import io.opengateway.support.NodeTools;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAI Agents SDK for Node (@openai/agents from npm, pinned, unmodified; it brings its own
 * openai client) running an agent with a function tool over two turns against the gateway
 * (clients/openai-agents.cjs): turn one calls the tool and answers from its result, turn two
 * continues from turn one's history. Three model calls, all through /v1/responses.
 */
class OpenAiAgentsSdkTest extends GatewayTestBase {

    static final String PACKAGE = "@openai/agents@0.20.0";
    static final Path SCRIPT = Path.of("src", "test", "resources", "clients", "openai-agents.cjs");

    static Path modules;

    @BeforeAll
    static void installSdk() throws Exception {
        modules = NodeTools.install(PACKAGE, "OpenAI Agents SDK tests").resolve("node_modules");
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai/gpt-4o-mini", "anthropic/claude-haiku-4-5", "google/gemini-3.8-flash"})
    void an_agent_calls_its_function_tool_and_answers_over_two_turns(String model) throws Exception {
        ResponsesFakes fakes = ResponsesFakes.of(model).answerToolCall().answerText().answerText();

        NodeTools.Run run = NodeTools.run(List.of("node", SCRIPT.toAbsolutePath().toString(), model), Path.of("."),
                Map.of("NODE_PATH", modules.toString(), "OPENAI_BASE_URL", baseUrl() + "/v1",
                        "OPENAI_API_KEY", gatewayKey()), Duration.ofSeconds(60));

        assertThat(run.exit()).as("node: %s", run.err()).isZero();
        JsonNode out = json(run.out());
        assertThat(out.path("calls")).isNotEmpty();
        out.path("calls").forEach(city -> assertThat(city.asText()).isNotBlank());
        assertThat(out.path("first").path("output").asText()).isNotBlank();
        assertThat(out.path("first").path("items").toString())
                .contains("tool_call_item", "tool_call_output_item", "message_output_item");
        assertThat(out.path("second").path("output").asText()).isNotBlank();
        List<FakeUpstream.Recorded> sent = fakes.fake().requests();
        assertThat(sent).hasSize(3);
        assertThat(sent.get(1).body()).contains("18 degrees in");
        // turn two carries turn one: the tool's call and result, then the new question
        assertThat(sent.get(2).body()).contains("18 degrees in", "And in one word?");
        // the agent's instructions and tool, in whichever dialect the provider speaks
        assertThat(sent.get(0).body()).contains("Answer with the weather tool.", "\"get_weather\"");
    }
}
