package io.opengateway;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.opengateway.support.FakeUpstream;
import io.opengateway.support.GatewayTestBase;

/**
 * The fake providers' answers for CodexTest, each in its provider's stream format: a first turn that
 * calls Codex's shell tool ({@code exec_command} with {@code cat notes.txt}), and a final text; and
 * what in a request body shows that the tool's result came back.
 */
record CodexProvider(FakeUpstream fake, String resultMarker, Supplier<List<String>> readFileTurn,
        Function<String, List<String>> textTurn) {

    /** The opaque reasoning state of the first turn, which Codex must send back as it got it. */
    static final String REASONING_STATE = "gAAAAB-codex-reasoning-state-01";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CALL_ARGS = "{\"cmd\":\"cat notes.txt\"}";

    static CodexProvider of(String model) {
        return switch (model.substring(0, model.indexOf('/'))) {
            case "openai" -> new CodexProvider(GatewayTestBase.OPENAI, "\"function_call_output\"",
                    CodexProvider::openAiReadFile, CodexProvider::openAiText);
            case "anthropic" -> new CodexProvider(GatewayTestBase.ANTHROPIC, "\"tool_result\"", () -> ClaudeCodeTest
                    .anthropicStream("msg_codex_1", 2410, 0, "{\"type\":\"tool_use\",\"id\":\"toolu_codex_exec\","
                            + "\"name\":\"exec_command\",\"input\":{}}", List.of(ClaudeCodeTest.inputDelta(CALL_ARGS)),
                            "tool_use", 31), ClaudeCodeTest::anthropicText);
            case "google" -> new CodexProvider(GatewayTestBase.GOOGLE, "\"functionResponse\"",
                    CodexProvider::geminiReadFile, CodexProvider::geminiText);
            default -> throw new IllegalArgumentException("no Codex answers for " + model);
        };
    }

    List<String> readFile() {
        return readFileTurn.get();
    }

    List<String> text(String text) {
        return textTurn.apply(text);
    }

    // ---- OpenAI's Responses stream: typed events with sequence numbers ----

    static List<String> openAiReadFile() {
        ObjectNode reasoning = JSON.createObjectNode().put("id", "rs_codex_1").put("type", "reasoning")
                .put("encrypted_content", REASONING_STATE);
        reasoning.putArray("summary").addObject().put("type", "summary_text").put("text", "Reading the file.");
        ObjectNode call = JSON.createObjectNode().put("id", "fc_codex_1").put("type", "function_call")
                .put("status", "completed").put("call_id", "call_codex_exec").put("name", "exec_command")
                .put("arguments", CALL_ARGS);
        ObjectNode callStarted = call.deepCopy().put("status", "in_progress").put("arguments", "");
        return openAiStream("resp_codex_1", List.of(
                event("response.output_item.added", "\"output_index\":0,\"item\":" + reasoning.deepCopy()
                        .set("summary", JSON.createArrayNode())),
                event("response.reasoning_summary_text.delta",
                        "\"item_id\":\"rs_codex_1\",\"output_index\":0,\"summary_index\":0,\"delta\":\"Reading the file.\""),
                event("response.output_item.done", "\"output_index\":0,\"item\":" + reasoning),
                event("response.output_item.added", "\"output_index\":1,\"item\":" + callStarted),
                event("response.function_call_arguments.delta", "\"item_id\":\"fc_codex_1\",\"output_index\":1,\"delta\":"
                        + JSON.valueToTree(CALL_ARGS)),
                event("response.function_call_arguments.done", "\"item_id\":\"fc_codex_1\",\"output_index\":1,"
                        + "\"arguments\":" + JSON.valueToTree(CALL_ARGS)),
                event("response.output_item.done", "\"output_index\":1,\"item\":" + call)),
                "[" + reasoning + "," + call + "]", 2410, 48);
    }

    static List<String> openAiText(String text) {
        ObjectNode message = JSON.createObjectNode().put("id", "msg_codex_2").put("type", "message")
                .put("status", "completed").put("role", "assistant");
        message.putArray("content").addObject().put("type", "output_text").put("text", text).putArray("annotations");
        ObjectNode started = message.deepCopy().put("status", "in_progress");
        started.putArray("content");
        String at = "\"item_id\":\"msg_codex_2\",\"output_index\":0,\"content_index\":0,";
        return openAiStream("resp_codex_2", List.of(
                event("response.output_item.added", "\"output_index\":0,\"item\":" + started),
                event("response.content_part.added", at + "\"part\":{\"type\":\"output_text\",\"annotations\":[],\"text\":\"\"}"),
                event("response.output_text.delta", at + "\"delta\":" + JSON.valueToTree(text)),
                event("response.output_text.done", at + "\"text\":" + JSON.valueToTree(text)),
                event("response.content_part.done", at + "\"part\":" + message.path("content").get(0)),
                event("response.output_item.done", "\"output_index\":0,\"item\":" + message)),
                "[" + message + "]", 2502, 9);
    }

    /** One event's type and its fields (without type and sequence number, which the stream adds). */
    private static String[] event(String type, String fields) {
        return new String[] {type, fields};
    }

    private static List<String> openAiStream(String id, List<String[]> events, String output, int input, int out) {
        String head = "\"id\":\"" + id + "\",\"object\":\"response\",\"created_at\":1796000300,\"model\":\"gpt-5-2025-08-07\","
                + "\"store\":false,\"error\":null,\"incomplete_details\":null";
        List<String> sse = new java.util.ArrayList<>();
        String open = "{" + head + ",\"status\":\"in_progress\",\"output\":[],\"usage\":null}";
        sse.add(openAiEvent("response.created", 0, "\"response\":" + open));
        sse.add(openAiEvent("response.in_progress", 1, "\"response\":" + open));
        for (String[] e : events) {
            sse.add(openAiEvent(e[0], sse.size(), e[1]));
        }
        sse.add(openAiEvent("response.completed", sse.size(), "\"response\":{" + head + ",\"status\":\"completed\","
                + "\"output\":" + output + ",\"usage\":{\"input_tokens\":" + input + ",\"input_tokens_details\":"
                + "{\"cached_tokens\":0},\"output_tokens\":" + out + ",\"output_tokens_details\":{\"reasoning_tokens\":0},"
                + "\"total_tokens\":" + (input + out) + "}}"));
        return sse;
    }

    private static String openAiEvent(String type, int sequence, String fields) {
        return "event: " + type + "\ndata: {\"type\":\"" + type + "\",\"sequence_number\":" + sequence + "," + fields + "}";
    }

    // ---- Gemini's streamGenerateContent?alt=sse: candidates chunks ----

    static List<String> geminiReadFile() {
        return List.of(gemini("{\"functionCall\":{\"name\":\"exec_command\",\"args\":" + CALL_ARGS + "},"
                + "\"thoughtSignature\":\"c2lnbmF0dXJlLWNvZGV4LTAx\"}", 2410, 31));
    }

    static List<String> geminiText(String text) {
        return List.of(gemini("{\"text\":" + JSON.valueToTree(text) + "}", 2502, 9));
    }

    private static String gemini(String part, int prompt, int candidates) {
        return "data: {\"candidates\":[{\"content\":{\"parts\":[" + part + "],\"role\":\"model\"},\"finishReason\":\"STOP\","
                + "\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":" + prompt + ",\"candidatesTokenCount\":"
                + candidates + ",\"totalTokenCount\":" + (prompt + candidates) + "},\"modelVersion\":\"gemini-3.8-flash\","
                + "\"responseId\":\"codex-gemini-1\"}";
    }
}
