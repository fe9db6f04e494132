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
import io.opengateway.support.PythonTools;

/**
 * The official openai Python SDK (pip, pinned, unmodified, in its own venv) with OPENAI_BASE_URL at
 * the gateway: responses.create, responses.stream and a two-turn function-tool loop, a turn continued by previous_response_id
 * (clients/openai_responses.py, the same steps as the Node SDK's script), against the fake provider
 * of each model.
 */
class OpenAiPythonSdkResponsesTest extends GatewayTestBase {

    static final String PACKAGE = "openai==3.22.1";
    static final Path SCRIPT = Path.of("src", "test", "resources", "clients", "openai_responses.py");

    static Path python;

    @BeforeAll
    static void installSdk() throws Exception {
        python = PythonTools.install(PACKAGE, "openai Python SDK tests");
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai/gpt-4o-mini", "anthropic/claude-haiku-4-5", "google/gemini-3.8-flash"})
    void the_python_sdk_creates_streams_and_loops_over_a_tool(String model) throws Exception {
        ResponsesFakes fakes = ResponsesFakes.of(model).answerText().answerStream().answerToolCall().answerText()
                .answerText();

        NodeTools.Run run = PythonTools.run(python, SCRIPT, List.of(model),
                Map.of("OPENAI_BASE_URL", baseUrl() + "/v1", "OPENAI_API_KEY", gatewayKey()), Duration.ofSeconds(60));

        ResponsesClientAssertions.assertClientOutput(run, model, fakes);
    }
}
