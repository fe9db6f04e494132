package io.opengateway.dialect.gemini;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.opengateway.json.JsonBuffers;
import io.opengateway.model.AssistantMessage;
import io.opengateway.model.ChatCompletion;
import io.opengateway.model.Choice;
import io.opengateway.model.FinishReason;
import io.opengateway.model.ToolCall;

/**
 * A {@code GenerateContentResponse} in neutral form, and the two things the neutral model has no
 * room for, added to the OpenAI JSON afterwards: each tool call's thought signature in
 * {@code extra_content} and a choice's {@code logprobs}.
 */
final class GeminiResponses {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = JsonBuffers.pooled(new ObjectMapper());

    private GeminiResponses() {
    }

    /** The answer of {@code model}; null when the body holds neither candidates nor a blocked prompt. */
    static ChatCompletion completion(JsonNode body, String model) {
        List<Choice> choices = new ArrayList<>();
        JsonNode candidates = body.path("candidates");
        for (int i = 0; i < candidates.size(); i++) {
            JsonNode c = candidates.get(i);
            StringBuilder text = null;
            StringBuilder thoughts = null;
            List<ToolCall> calls = new ArrayList<>();
            for (JsonNode part : c.path("content").path("parts")) {
                if (part.has("functionCall")) {
                    calls.add(toolCall(part, model));
                } else if (!part.path("text").asText("").isEmpty() && isThought(part)) {
                    thoughts = (thoughts == null ? new StringBuilder() : thoughts).append(part.get("text").asText());
                } else if (!part.path("text").asText("").isEmpty()) {
                    // (Gemini 3 may end with an empty text part that only holds a signature)
                    text = (text == null ? new StringBuilder() : text).append(part.get("text").asText());
                }
            }
            AssistantMessage m = new AssistantMessage(text == null ? null : text.toString(),
                    thoughts == null ? null : thoughts.toString(), calls, null);
            FinishReason reason = GeminiFinishReasons.map(c.path("finishReason").asText("STOP"), !calls.isEmpty());
            choices.add(new Choice(c.path("index").asInt(i), m, reason));
        }
        if (choices.isEmpty()) {
            if (blockReason(body) == null) {
                return null;
            }
            choices.add(new Choice(0, new AssistantMessage(null, null, null, null), FinishReason.CONTENT_FILTER));
        }
        return new ChatCompletion(body.path("modelVersion").asText(null), choices,
                GeminiUsage.from(body.get("usageMetadata")));
    }

    /** Adds signatures and logprobs, which the neutral model does not carry, to the OpenAI answer. */
    static void decorate(ObjectNode openAi, JsonNode body) {
        JsonNode candidates = body.path("candidates");
        int i = 0;
        for (JsonNode choice : openAi.path("choices")) {
            withSignatures(choice.path("message").path("tool_calls"));
            JsonNode logprobs = logprobs(candidates.path(i++).get("logprobsResult"));
            if (logprobs != null) {
                ((ObjectNode) choice).set("logprobs", logprobs);
            }
        }
    }

    /** The prompt's block reason, or null when it was not blocked. */
    static String blockReason(JsonNode body) {
        return body.path("promptFeedback").path("blockReason").asText(null);
    }

    static boolean isThought(JsonNode part) {
        return part.path("thought").asBoolean(false);
    }

    /** A whole function call of {@code model}; its id carries the part's thought signature and the model's tag. */
    static ToolCall toolCall(JsonNode part, String model) {
        JsonNode fc = part.get("functionCall");
        JsonNode args = fc.get("args");
        String arguments;
        try {
            arguments = args == null || args.isNull() ? "{}" : JSON.writeValueAsString(args);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise function arguments", e);
        }
        return new ToolCall(ThoughtSignatures.toolCallId(part.path("thoughtSignature").asText(null), model),
                fc.path("name").asText(), arguments);
    }

    /** Puts the signature a tool call id carries in Google's extra field too. */
    static void withSignatures(JsonNode toolCalls) {
        for (JsonNode call : toolCalls) {
            String sig = ThoughtSignatures.fromId(call.path("id").asText(null));
            if (sig != null) {
                ((ObjectNode) call).set("extra_content", ThoughtSignatures.extraContent(sig));
            }
        }
    }

    /** Gemini's {@code logprobsResult} as OpenAI's {@code logprobs}, or null. */
    static ObjectNode logprobs(JsonNode result) {
        if (result == null || !result.path("chosenCandidates").isArray()) {
            return null;
        }
        ObjectNode out = F.objectNode();
        ArrayNode content = out.putArray("content");
        JsonNode chosen = result.get("chosenCandidates");
        JsonNode top = result.path("topCandidates");
        for (int i = 0; i < chosen.size(); i++) {
            ObjectNode token = logprob(chosen.get(i));
            ArrayNode alternatives = token.putArray("top_logprobs");
            top.path(i).path("candidates").forEach(t -> alternatives.add(logprob(t)));
            content.add(token);
        }
        out.putNull("refusal");
        return out;
    }

    private static ObjectNode logprob(JsonNode candidate) {
        ObjectNode t = F.objectNode();
        String token = candidate.path("token").asText("");
        t.put("token", token);
        t.put("logprob", candidate.path("logProbability").asDouble(0));
        ArrayNode bytes = t.putArray("bytes");
        for (byte b : token.getBytes(StandardCharsets.UTF_8)) {
            bytes.add(b & 0xff);
        }
        return t;
    }
}
