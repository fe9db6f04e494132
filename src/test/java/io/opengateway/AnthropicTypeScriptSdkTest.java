package io.opengateway;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.opengateway.support.GatewayTestBase;
import io.opengateway.support.NodeTools;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Anthropic's TypeScript SDK (@anthropic-ai/sdk from npm, pinned, unmodified) pointed at the gateway
 * by ANTHROPIC_BASE_URL and ANTHROPIC_API_KEY, against fake anthropic, openai and google providers:
 * one node run per provider (clients/anthropic-sdk.cjs) does every step of {@link AnthropicSdkScenario}
 * and prints what it got.
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
        AnthropicSdkScenario scenario = AnthropicSdkScenario.prime(model);
        List<String> command = new ArrayList<>(List.of("node", SCRIPT.toAbsolutePath().toString()));
        command.addAll(scenario.args());

        NodeTools.Run run = NodeTools.run(command, Path.of("."), Map.of("NODE_PATH", modules.toString(),
                "ANTHROPIC_BASE_URL", baseUrl(), "ANTHROPIC_API_KEY", gatewayKey()), Duration.ofSeconds(120));

        assertThat(run.exit()).as("node: %s", run.err()).isZero();
        scenario.verify(run.out());
    }
}
