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

    /** Anthropic models whose thinking cannot be turned off (whats-new-opus-5-5: also Fable 5.1). */
    private static final Set<String> ALWAYS_ON = Set.of("claude-opus-5-5", "claude-fable-5-2", "claude-fable-5-1",
            "claude-fable-5");
    /** The models that refuse tool_choice any/tool. */
    private static final Set<String> NO_FORCED_TOOL = Set.of("claude-opus-5-5", "claude-sonnet-5-5",
            "claude-fable-5-2", "claude-fable-5-1");
    /** Adaptive thinking only: thinking type enabled (a budget) is a 400 (4.7 and later). */
    private static final Set<String> ADAPTIVE_ONLY = Set.of("claude-opus-4-7", "claude-opus-4-8", "claude-sonnet-5",
            "claude-opus-5", "claude-fable-5", "claude-fable-5-1", "claude-fable-5-2", "claude-opus-5-5",
            "claude-sonnet-5-5", "claude-haiku-5-5");
    /** Effort levels of the 4.6 models; later ones add xhigh. */
    private static final Set<String> EFFORTS_4_6 = Set.of("low", "medium", "high", "max");
    private static final Set<String> EFFORTS = Set.of("low", "medium", "high", "xhigh", "max");
    /** Mid-conversation system messages (Opus 4.8 and later, not Sonnet 5 nor Haiku 5.5, as the catalog). */
    private static final Set<String> SYSTEM_IN_MESSAGES = Set.of("claude-opus-4-8", "claude-opus-5", "claude-fable-5",
            "claude-fable-5-1", "claude-fable-5-2", "claude-opus-5-5", "claude-sonnet-5-5");
    /** How the fake signs a thinking block: its model and a hash of its text, so an edit shows. */
    private static final String SIGNATURE = "fake-anthropic-sig:";

    /**
     * Anthropic's Messages API as documented on 2026-12-07 (platform.claude.com/docs/en/models/
     * opus-5-5/whats-new-opus-5-5, .../sonnet-5-5/whats-new-sonnet-5-5, .../build-with-claude/
     * preserved-thinking, .../about-claude/models/whats-new-claude-4-8): forced tool use where
     * refused; {@code disabled} where thinking is always on (and on Sonnet 5.5, whose off switch is
     * {@code between_tools}, itself refused above effort high); a budget ({@code enabled}) on
     * adaptive-only models; an effort level the model lacks; forced tool use with thinking on;
     * non-default sampling parameters on 4.7 and later; the beta-only {@code output_format} without
     * its beta; a system role inside {@code messages} where the model takes none; and a thinking
     * block whose text no longer matches its signature ({@link #anthropicSignature}). Blocks of
     * another model pass (the API drops them without an error). Texts are the documented ones where
     * the pages quote them, else in the API's wording style.
     */
    public static Rule anthropic() {
        return r -> {
            if (!r.path().endsWith("/v1/messages")) {
                return null;
            }
            JsonNode body = body(r);
            String model = body.path("model").asText();
            String thinking = body.path("thinking").path("type").asText("");
            String effort = body.path("output_config").path("effort").asText(null);
            String choice = body.path("tool_choice").path("type").asText("");
            boolean forced = choice.equals("any") || choice.equals("tool");
            if (forced && NO_FORCED_TOOL.contains(model)) {
                return anthropicError("tool_choice: forced tool use (type \"" + choice + "\") is not supported for "
                        + "this model. Use tool_choice type \"auto\" or \"none\".");
            }
            if (thinking.equals("disabled") && (ALWAYS_ON.contains(model) || model.equals("claude-sonnet-5-5"))) {
                return anthropicError(model.equals("claude-sonnet-5-5")
                        ? "\"thinking.type.disabled\" is not supported for this model. Use \"thinking.type.between_tools\" "
                                + "to turn off up-front thinking."
                        : "\"thinking.type.disabled\" is not supported for this model. Use \"thinking.type.adaptive\" "
                                + "and \"output_config.effort\" to control thinking behavior.");
            }
            if (thinking.equals("enabled") && ADAPTIVE_ONLY.contains(model)) {
                return anthropicError("\"thinking.type.enabled\" is not supported for this model. Use "
                        + "\"thinking.type.adaptive\" and \"output_config.effort\" to control thinking behavior.");
            }
            if (thinking.equals("between_tools") && (!model.equals("claude-sonnet-5-5")
                    || "xhigh".equals(effort) || "max".equals(effort))) {
                return anthropicError("thinking.type: \"between_tools\" is not supported"
                        + (model.equals("claude-sonnet-5-5") ? " at effort " + effort : " for this model") + ".");
            }
            if (effort != null && !(model.startsWith("claude-opus-4-6") || model.startsWith("claude-sonnet-4-6")
                    ? EFFORTS_4_6 : EFFORTS).contains(effort)) {
                return anthropicError("output_config.effort: Input should be 'low', 'medium', 'high', 'xhigh' or 'max'"
                        + " for this model");
            }
            if (forced && (thinking.equals("enabled") || thinking.equals("adaptive") || ALWAYS_ON.contains(model))) {
                return anthropicError("Thinking may not be enabled when tool_choice forces tool use.");
            }
            if (ADAPTIVE_ONLY.contains(model)) {
                for (String p : new String[] {"temperature", "top_p", "top_k"}) {
                    if (body.has(p) && !(p.equals("temperature") && body.get(p).asDouble() == 1)) {
                        return anthropicError(p + ": only the default value is supported for this model; "
                                + "remove the parameter.");
                    }
                }
            }
            if (body.has("output_format") && !r.headers().getOrDefault("anthropic-beta", "").contains("structured-outputs")) {
                return anthropicError("output_format: Extra inputs are not permitted. Use output_config.format.");
            }
            JsonNode messages = body.path("messages");
            for (int i = 0; i < messages.size(); i++) {
                JsonNode m = messages.get(i);
                if (m.path("role").asText().equals("system") && !SYSTEM_IN_MESSAGES.contains(model)) {
                    return anthropicError("messages: Unexpected role \"system\". The Messages API accepts a top-level "
                            + "`system` parameter, not \"system\" as an input message role.");
                }
                JsonNode content = m.path("content");
                for (int j = 0; j < content.size(); j++) {
                    JsonNode b = content.get(j);
                    String sig = b.path("signature").asText("");
                    if (b.path("type").asText().equals("thinking") && sig.startsWith(SIGNATURE)
                            && sig.substring(SIGNATURE.length()).startsWith(model + ":")
                            && !sig.equals(anthropicSignature(model, b.path("thinking").asText("")))) {
                        return anthropicError("messages." + i + ".content." + j + ": Invalid `signature` in `thinking` "
                                + "block. The block is bound to a different conversation. Remove the block, or set "
                                + "`thinking.block_binding.prefix_mismatch_behavior` to \"drop_block\".");
                    }
                }
            }
            return null;
        };
    }

    /**
     * The signature the fake Anthropic gives a thinking block of {@code model} with this text (tests
     * write answers with it); a block sent back to that model with another text is refused.
     */
    public static String anthropicSignature(String model, String thinking) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(thinking.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return SIGNATURE + model + ":" + java.util.HexFormat.of().formatHex(hash, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FakeUpstream.Responder anthropicError(String message) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("type", "error");
        root.putObject("error").put("type", "invalid_request_error").put("message", message);
        return FakeUpstream.json(400, root.toString());
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
