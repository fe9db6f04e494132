package io.opengateway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.opengateway.auth.ApiKeyStore;
import io.opengateway.billing.BillingRecord;
import io.opengateway.billing.UsageQueries;
import io.opengateway.support.FakeUpstream;
import io.opengateway.support.GatewayTestBase;
import io.opengateway.support.NodeTools;
import io.opengateway.support.TempDirs;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Claude Code, installed from npm and unmodified, run non-interactively ({@code claude -p}) with
 * ANTHROPIC_BASE_URL at the gateway (https://code.claude.com/docs/en/env-vars): it completes a task
 * that makes it call its Write tool, on an anthropic/ model (streamed pass-through) and on an
 * openai/ model (translated from Chat Completions chunks). The fakes answer the first turn with a
 * Write call and, once the tool result comes back, with a final text.
 */
class ClaudeCodeTest extends GatewayTestBase {

    static final String PACKAGE = "@anthropic-ai/claude-code@2.1.332";
    static final String CONTENT = "written through the gateway\n";
    static final String DONE = "The file is written.";

    static Path claude;

    @Autowired
    UsageQueries queries;

    @BeforeAll
    static void installClaudeCode() throws Exception {
        claude = NodeTools.install(PACKAGE, "Claude Code tests").resolve("node_modules/.bin/claude");
    }

    @Test
    void runs_a_write_tool_loop_on_an_anthropic_model_streamed_through() throws Exception {
        List<FakeUpstream.Recorded> sent = writeLoop(ANTHROPIC, "anthropic/claude-haiku-4-5", "\"tool_result\"",
                ClaudeCodeTest::anthropicWrite, ClaudeCodeTest::anthropicText);

        for (FakeUpstream.Recorded r : sent) {
            assertThat(r.path()).isEqualTo("/v1/messages");
            assertThat(r.headers().get("anthropic-beta")).contains("claude-code-20250219");
            assertThat(r.headers()).doesNotContainKey("authorization"); // the gateway's key, not the client's
            assertThat(r.headers().get("x-api-key")).isEqualTo(ANTHROPIC_KEY);
            assertThat(json(r.body()).path("model").asText()).isEqualTo("claude-haiku-4-5");
        }
        JsonNode result = json(sent.get(1).body()).path("messages");
        assertThat(result.get(result.size() - 1).toString()).contains("tool_result", "toolu_cc_write");
    }

    @Test
    void runs_a_write_tool_loop_on_an_openai_model_translated() throws Exception {
        List<FakeUpstream.Recorded> sent = writeLoop(OPENAI, "openai/gpt-4o", "\"role\":\"tool\"",
                ClaudeCodeTest::openAiWrite, ClaudeCodeTest::openAiText);

        JsonNode second = json(sent.get(1).body());
        assertThat(second.path("model").asText()).isEqualTo("gpt-4o");
        // Claude Code asks every model for 32000 tokens and adaptive thinking: capped, not sent to GPT-4o
        assertThat(second.path("max_completion_tokens").asInt()).isEqualTo(16384);
        assertThat(second.has("reasoning_effort")).isFalse();
        JsonNode messages = second.path("messages");
        JsonNode last = messages.get(messages.size() - 1);
        assertThat(last.path("role").asText()).isEqualTo("tool");
        assertThat(last.path("tool_call_id").asText()).isEqualTo("call_cc_write");
        assertThat(last.path("content").asText()).contains("hello.txt");
        assertThat(second.path("tools").toString()).contains("\"name\":\"Write\"");
    }

    /**
     * Runs claude -p on {@code model} against {@code fake}, which calls Write until a request carries
     * {@code resultMarker} (the tool's result) and then ends with {@link #DONE}; asserts that the file
     * was written, that Claude Code printed the final text and that both turns were billed. Returns
     * the two requests the fake got.
     */
    List<FakeUpstream.Recorded> writeLoop(FakeUpstream fake, String model, String resultMarker,
            Function<Path, List<String>> write, Function<String, List<String>> text) throws Exception {
        Path work = TempDirs.create("claude-code-work");
        Path file = work.resolve("hello.txt");
        fake.always(ex -> {
            boolean answered = FakeUpstream.request(ex).body().contains(resultMarker);
            FakeUpstream.sse(answered ? text.apply(DONE) : write.apply(file), Duration.ZERO).respond(ex);
        });
        ApiKeyStore.Created key = keys.create("claude-code-" + model.replace('/', '-'), "cli");

        NodeTools.Run run = claude(work, key.secret(), model);

        assertThat(run.exit()).as("claude exited; stderr: %s", run.err()).isZero();
        assertThat(run.out().strip()).isEqualTo(DONE);
        assertThat(file).hasContent(CONTENT.strip());
        assertBilled(key, model);
        List<FakeUpstream.Recorded> sent = fake.requests();
        assertThat(sent).hasSize(2);
        return sent;
    }

    /** claude -p with the gateway as its API, its own HOME, Write allowed (as root: one tool, no bypass). */
    NodeTools.Run claude(Path work, String key, String model) throws Exception {
        Path home = TempDirs.create("claude-code-home");
        return NodeTools.run(List.of(claude.toString(), "-p",
                        "Create hello.txt in the current directory with the text: " + CONTENT.strip(),
                        "--allowedTools", "Write"),
                work, Map.of("HOME", home.toString(),
                        "ANTHROPIC_BASE_URL", baseUrl(),
                        "ANTHROPIC_AUTH_TOKEN", key,
                        "ANTHROPIC_MODEL", model,
                        "ANTHROPIC_DEFAULT_HAIKU_MODEL", model, // the small, fast model of background tasks
                        "DISABLE_TELEMETRY", "1",
                        "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1"),
                Duration.ofSeconds(120));
    }

    /** Both turns billed to the key, as Messages requests served by the model. */
    void assertBilled(ApiKeyStore.Created key, String model) {
        UsageQueries.Filter mine = new UsageQueries.Filter(key.key().id(), null, null, null);
        List<BillingRecord> records = Awaitility.await("two billing records").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> queries.page(mine, null, 10).records(), r -> r.size() == 2);
        for (BillingRecord r : records) {
            assertThat(r.event().endpoint()).isEqualTo("messages");
            assertThat(r.event().servedModel()).isEqualTo(model);
            assertThat(r.status()).isEqualTo("ok");
            assertThat(r.event().streamed()).isTrue();
            assertThat(r.usage().promptTokens()).isPositive();
        }
    }

    // ---- the fakes' answers, in each provider's stream format ----

    static List<String> anthropicWrite(Path file) {
        String json = JSON.createObjectNode().put("file_path", file.toString()).put("content", CONTENT).toString();
        int cut = json.length() / 2;
        return anthropicStream("msg_cc_1", 2410, 0, """
                {"type":"tool_use","id":"toolu_cc_write","name":"Write","input":{}}""",
                List.of(inputDelta(json.substring(0, cut)), inputDelta(json.substring(cut))), "tool_use", 48);
    }

    static List<String> anthropicText(String text) {
        return anthropicStream("msg_cc_2", 2502, 2400, "{\"type\":\"text\",\"text\":\"\"}",
                List.of("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":"
                        + JSON.valueToTree(text) + "}}"), "end_turn", 7);
    }

    /** One content block's message as Anthropic streams it. */
    static List<String> anthropicStream(String id, int input, int cacheRead, String block, List<String> deltas,
            String stopReason, int output) {
        List<String> events = new java.util.ArrayList<>();
        events.add(anthropic("message_start", """
                {"type":"message_start","message":{"id":"%s","type":"message","role":"assistant",\
                "model":"claude-haiku-4-5-20251001","content":[],"stop_reason":null,"stop_sequence":null,\
                "usage":{"input_tokens":%d,"cache_read_input_tokens":%d,"output_tokens":1}}}"""
                .formatted(id, input, cacheRead)));
        events.add(anthropic("content_block_start",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":" + block + "}"));
        deltas.forEach(d -> events.add(anthropic("content_block_delta", d)));
        events.add(anthropic("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
        events.add(anthropic("message_delta", """
                {"type":"message_delta","delta":{"stop_reason":"%s","stop_sequence":null},"usage":{"output_tokens":%d}}"""
                .formatted(stopReason, output)));
        events.add(anthropic("message_stop", "{\"type\":\"message_stop\"}"));
        return events;
    }

    static String inputDelta(String partial) {
        return "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\","
                + "\"partial_json\":" + JSON.valueToTree(partial) + "}}";
    }

    static String anthropic(String event, String data) {
        return "event: " + event + "\ndata: " + data;
    }

    static List<String> openAiWrite(Path file) {
        String args = JSON.createObjectNode().put("file_path", file.toString()).put("content", CONTENT).toString();
        int cut = args.length() / 2;
        return List.of(
                openAi("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_cc_write\","
                        + "\"type\":\"function\",\"function\":{\"name\":\"Write\",\"arguments\":\"\"}}]}", null),
                openAi(argsDelta(args.substring(0, cut)), null),
                openAi(argsDelta(args.substring(cut)), null),
                openAi("{}", "tool_calls"),
                openAiUsage(2410, 52),
                "data: [DONE]");
    }

    static List<String> openAiText(String text) {
        return List.of(
                openAi("{\"role\":\"assistant\",\"content\":\"\"}", null),
                openAi("{\"content\":" + JSON.valueToTree(text) + "}", null),
                openAi("{}", "stop"),
                openAiUsage(2502, 7),
                "data: [DONE]");
    }

    static String argsDelta(String fragment) {
        return "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":" + JSON.valueToTree(fragment) + "}}]}";
    }

    static String openAi(String delta, String finish) {
        return "data: {\"id\":\"chatcmpl-cc\",\"object\":\"chat.completion.chunk\",\"created\":1765090000,"
                + "\"model\":\"gpt-4o-2024-08-06\",\"choices\":[{\"index\":0,\"delta\":" + delta
                + ",\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"") + "}],\"usage\":null}";
    }

    static String openAiUsage(int prompt, int completion) {
        return "data: {\"id\":\"chatcmpl-cc\",\"object\":\"chat.completion.chunk\",\"created\":1765090000,"
                + "\"model\":\"gpt-4o-2024-08-06\",\"choices\":[],\"usage\":{\"prompt_tokens\":" + prompt
                + ",\"completion_tokens\":" + completion + ",\"total_tokens\":" + (prompt + completion) + "}}";
    }
}
