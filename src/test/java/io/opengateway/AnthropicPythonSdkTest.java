package io.opengateway;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.opengateway.support.GatewayTestBase;
import io.opengateway.support.NodeTools;
import io.opengateway.support.PythonTools;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Anthropic's Python SDK (anthropic from pip, pinned, unmodified) pointed at the gateway by
 * ANTHROPIC_BASE_URL and ANTHROPIC_API_KEY, against fake anthropic, openai and google providers:
 * one python run per provider (clients/anthropic_sdk.py) does every step of {@link AnthropicSdkScenario},
 * the same steps and assertions as the TypeScript SDK's test.
 */
class AnthropicPythonSdkTest extends GatewayTestBase {

    static final String PACKAGE = "anthropic==1.13.0";
    static final Path SCRIPT = Path.of("src", "test", "resources", "clients", "anthropic_sdk.py");

    static Path python;

    @BeforeAll
    static void installSdk() throws Exception {
        python = PythonTools.install(PACKAGE, "Anthropic Python SDK tests");
    }

    @ParameterizedTest
    @ValueSource(strings = {AnthropicSdkTest.ANTHROPIC_MODEL, AnthropicSdkTest.OPENAI_MODEL, AnthropicSdkTest.GOOGLE_MODEL})
    void the_python_sdk_talks_messages_to_every_provider(String model) throws Exception {
        AnthropicSdkScenario scenario = AnthropicSdkScenario.prime(model);

        NodeTools.Run run = PythonTools.run(python, SCRIPT, scenario.args(),
                Map.of("ANTHROPIC_BASE_URL", baseUrl(), "ANTHROPIC_API_KEY", gatewayKey()), Duration.ofSeconds(120));

        assertThat(run.exit()).as("python: %s", run.err()).isZero();
        scenario.verify(run.out());
    }
}
