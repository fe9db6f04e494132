package io.opengateway.support;

import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The 400s today's providers answer to requests their documentation says they refuse, so that
 * {@link FakeUpstream} answers them as the provider would whatever a test queued: a translation
 * rule that regresses then fails its test. Each rule names the page it follows (checked 2026-12-07).
 */
public final class ProviderRules {

    /** A check of one recorded request: the error answer, or null when the provider would take it. */
    @FunctionalInterface
    public interface Rule {
        FakeUpstream.Responder check(FakeUpstream.Recorded request);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** GPT-5.4 and later: function tools with reasoning are refused on chat completions. */
    private static final Pattern TOOLS_NEED_RESPONSES = Pattern.compile("gpt-(5\\.[4-9]|6)([.-].*)?");
    /** Models that refuse effort none, so take function tools on Responses only. */
    private static final Set<String> NO_NONE = Set.of("gpt-6-astra", "gpt-6.1-sol", "gpt-6.2-astra", "gpt-6.2-sol");
    /** Gemini models that refuse thinkingLevel minimal; the ones that take xhigh. */
    private static final Set<String> NO_MINIMAL = Set.of("gemini-3.7-flash", "gemini-3.8-flash", "gemini-4-neon");
    private static final Set<String> XHIGH = Set.of("gemini-4-hydrogen", "gemini-4-neon");

    private ProviderRules() {
    }

    /**
     * OpenAI: tools with reasoning on {@code /chat/completions} (the text observed on gpt-5.6,
     * community.openai.com/t/gpt-5-6-chat-completion-reasoning-effort-bug-behavior-change/1386454);
     * effort {@code none} where refused; sampling parameters with reasoning
     * (developers.openai.com/api/docs/guides/latest-model); {@code max_tokens} on GPT-6.
     */
    public static Rule openAi() {
        return r -> {
            JsonNode body = body(r);
            String model = body.path("model").asText();
            boolean chat = r.path().endsWith("/chat/completions");
            if (!chat && !r.path().endsWith("/responses") || !TOOLS_NEED_RESPONSES.matcher(model).matches()) {
                return null;
            }
            String effort = chat ? body.path("reasoning_effort").asText(null)
                    : body.path("reasoning").path("effort").asText(null);
            if ("none".equals(effort) && NO_NONE.contains(model)) {
                return openAiError("Unsupported value: 'reasoning_effort' does not support 'none' with this model.",
                        chat ? "reasoning_effort" : "reasoning.effort");
            }
            boolean reasoning = effort != null ? !effort.equals("none") : NO_NONE.contains(model);
            if (chat && body.path("tools").size() > 0 && reasoning) {
                return openAiError("Function tools with reasoning_effort are not supported for " + model
                        + " in /v1/chat/completions. To use function tools, use /v1/responses or set "
                        + "reasoning_effort to 'none'.", "reasoning_effort");
            }
            for (String p : new String[] {"temperature", "top_p", "logprobs", "top_logprobs"}) {
                if (reasoning && body.has(p)) {
                    return openAiError("Unsupported parameter: '" + p + "' is not supported with this model.", p);
                }
            }
            if (chat && body.has("max_tokens") && model.startsWith("gpt-6")) {
                return openAiError("Unsupported parameter: 'max_tokens' is not supported with this model. "
                        + "Use 'max_completion_tokens' instead.", "max_tokens");
            }
            return null;
        };
    }

    /**
     * Gemini: {@code thinkingBudget} with {@code thinkingLevel} (ai.google.dev/gemini-api/docs/thinking),
     * a level the model does not take, and a {@code functionResponse} without its required
     * {@code name} (ai.google.dev/api/caching#FunctionResponse). Google's exact texts for the first
     * two were not found; these follow its INVALID_ARGUMENT shape.
     */
    public static Rule gemini() {
        return r -> {
            if (!r.path().contains(":generateContent") && !r.path().contains(":streamGenerateContent")) {
                return null;
            }
            String model = r.path().replaceFirst(".*/models/", "").replaceFirst(":.*", "");
            JsonNode body = body(r);
            JsonNode thinking = body.path("generationConfig").path("thinkingConfig");
            if (thinking.has("thinkingBudget") && thinking.has("thinkingLevel")) {
                return geminiError("You can only set one of thinking budget and thinking level.");
            }
            String level = thinking.path("thinkingLevel").asText("");
            if (level.equals("minimal") && NO_MINIMAL.contains(model) || level.equals("xhigh") && !XHIGH.contains(model)) {
                return geminiError("Thinking level " + level + " is not supported for this model.");
            }
            JsonNode contents = body.path("contents");
            for (int i = 0; i < contents.size(); i++) {
                JsonNode parts = contents.get(i).path("parts");
                for (int j = 0; j < parts.size(); j++) {
                    JsonNode fr = parts.get(j).get("functionResponse");
                    if (fr != null && fr.path("name").asText("").isEmpty()) {
                        return geminiError("* GenerateContentRequest.contents[" + i + "].parts[" + j
                                + "].function_response.name: Name cannot be empty.\n");
                    }
                }
            }
            return null;
        };
    }

    private static JsonNode body(FakeUpstream.Recorded r) {
        try {
            JsonNode n = JSON.readTree(r.body());
            return n == null ? JsonNodeFactory.instance.objectNode() : n;
        } catch (Exception e) {
            return JsonNodeFactory.instance.objectNode();
        }
    }

    private static FakeUpstream.Responder openAiError(String message, String param) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.putObject("error").put("message", message).put("type", "invalid_request_error").put("param", param)
                .putNull("code");
        return FakeUpstream.json(400, root.toString());
    }

    private static FakeUpstream.Responder geminiError(String message) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.putObject("error").put("code", 400).put("message", message).put("status", "INVALID_ARGUMENT");
        return FakeUpstream.json(400, root.toString());
    }
}
