package io.opengateway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

import io.opengateway.auth.ApiKeyStore;
import io.opengateway.billing.BillingRecord;
import io.opengateway.billing.UsageQueries;
import io.opengateway.support.FakeUpstream;
import io.opengateway.support.GatewayTestBase;
import io.opengateway.support.NodeTools;
import io.opengateway.support.TempDirs;

import static io.opengateway.support.FakeUpstream.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Codex CLI, installed from npm and unmodified, run non-interactively ({@code codex exec}) with a model
 * provider at the gateway ({@code wire_api = "responses"}) and otherwise its default configuration
 * (approval never, read-only sandbox): the fake answers the first turn with a reasoning item and an
 * {@code exec_command} call that reads a file, and once the command's output comes back, with a text
 * that quotes what the file said. Codex must print that text: the tool really ran and its result
 * went through the gateway. The first turn must be what fixtures/codex/ records Codex sends.
 */
class CodexTest extends GatewayTestBase {

    static final String PACKAGE = "@openai/codex@0.171.0";
    static final String SECRET = "opengateway-codex-7f3a";
    static final String PROMPT = "Print the contents of notes.txt";

    static Path codex;

    @Autowired
    UsageQueries queries;

    @BeforeAll
    static void installCodex() throws Exception {
        codex = NodeTools.install(PACKAGE, "Codex CLI tests").resolve("node_modules/.bin/codex");
    }

    /**
     * One model per provider. openai/gpt-5 is a model Codex has no metadata for, as for every
     * anthropic/ and google/ model, so all of them get the same request shape (fixtures/codex/).
     * anthropic/ and google/ models go through the Responses front (translated to Messages and Gemini).
     */
    @ParameterizedTest
    @ValueSource(strings = {"openai/gpt-5", "anthropic/claude-sonnet-5-5", "google/gemini-3.8-flash"})
    void codex_exec_runs_a_shell_command_and_reports_its_output(String model) throws Exception {
        CodexProvider p = CodexProvider.of(model);
        Path work = TempDirs.create("codex-work");
        Files.writeString(work.resolve("notes.txt"), SECRET + "\n");
        p.fake().always(ex -> {
            String body = FakeUpstream.request(ex).body();
            boolean answered = body.contains(p.resultMarker());
            String seen = body.contains(SECRET) ? SECRET : "nothing";
            FakeUpstream.sse(answered ? p.text("notes.txt says: " + seen) : p.readFile(), Duration.ZERO).respond(ex);
        });
        ApiKeyStore.Created key = keys.create("codex-" + model.replace('/', '-'), "cli");

        NodeTools.Run run = codex(work, key.secret(), model);

        assertThat(run.exit()).as("codex exited; stderr: %s", run.err()).isZero();
        assertThat(run.out().strip()).isEqualTo("notes.txt says: " + SECRET);
        assertThat(run.err()).contains("cat notes.txt");
        List<FakeUpstream.Recorded> sent = p.fake().requests();
        assertThat(sent).hasSize(2);
        assertBilled(key, model);
        if (p.fake() == OPENAI) {
            assertSentAsCaptured(sent.get(0), sent.get(1), model);
        }
    }

    /** Passed through: what Codex sent, as the fixture records it, with the provider's model name. */
    void assertSentAsCaptured(FakeUpstream.Recorded first, FakeUpstream.Recorded second, String model) throws Exception {
        JsonNode captured = json(fixture("codex/responses-tool-result.json"));
        JsonNode turn1 = json(first.body());
        assertThat(first.path()).isEqualTo("/v1/responses");
        assertThat(first.headers().get("authorization")).isEqualTo("Bearer " + OPENAI_KEY);
        assertThat(turn1.path("model").asText()).isEqualTo(model.substring(model.indexOf('/') + 1));
        for (String field : List.of("stream", "store", "include", "reasoning", "tool_choice", "parallel_tool_calls")) {
            assertThat(turn1.path(field)).as(field).isEqualTo(captured.path(field));
        }
        assertThat(toolNames(turn1)).isEqualTo(toolNames(captured))
                .contains("exec_command", "namespace:multi_agent_v1", "web_search");
        assertThat(turn1.has("instructions")).isFalse(); // Codex's prompt is a developer message
        JsonNode input = json(second.body()).path("input");
        List<String> tail = new ArrayList<>();
        for (int i = input.size() - 3; i < input.size(); i++) {
            tail.add(input.get(i).path("type").asText());
        }
        assertThat(tail).containsExactly("reasoning", "function_call", "function_call_output");
        assertThat(input.get(input.size() - 3).path("encrypted_content").asText()).isEqualTo(CodexProvider.REASONING_STATE);
    }

    static List<String> toolNames(JsonNode request) {
        List<String> names = new ArrayList<>();
        request.path("tools").forEach(t -> names.add(t.has("name")
                ? (t.path("type").asText().equals("function") ? "" : t.path("type").asText() + ":") + t.path("name").asText()
                : t.path("type").asText()));
        return names;
    }

    /** codex exec with its own CODEX_HOME whose config.toml names the gateway as its model provider. */
    NodeTools.Run codex(Path work, String key, String model) throws Exception {
        Path home = TempDirs.create("codex-home");
        Files.writeString(home.resolve("config.toml"), """
                model = "%s"
                model_provider = "opengateway"

                [model_providers.opengateway]
                name = "opengateway"
                base_url = "%s/v1"
                env_key = "OPENGATEWAY_API_KEY"
                wire_api = "responses"
                """.formatted(model, baseUrl()));
        // outside a git repository Codex asks for this flag; everything else is its default
        return NodeTools.run(List.of(codex.toString(), "exec", "--skip-git-repo-check", PROMPT), work,
                Map.of("HOME", home.toString(), "CODEX_HOME", home.toString(), "OPENGATEWAY_API_KEY", key),
                Duration.ofSeconds(120));
    }

    /** Both turns billed to the key, as streamed Responses requests served by the model. */
    void assertBilled(ApiKeyStore.Created key, String model) {
        UsageQueries.Filter mine = new UsageQueries.Filter(key.key().id(), null, null, null);
        List<BillingRecord> records = Awaitility.await("two billing records").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> queries.page(mine, null, 10).records(), r -> r.size() == 2);
        for (BillingRecord r : records) {
            assertThat(r.event().endpoint()).isEqualTo("responses");
            assertThat(r.event().servedModel()).isEqualTo(model);
            assertThat(r.status()).isEqualTo("ok");
            assertThat(r.event().streamed()).isTrue();
            assertThat(r.usage().promptTokens()).isPositive();
        }
    }
}
