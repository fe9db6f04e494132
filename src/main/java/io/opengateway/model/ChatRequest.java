package io.opengateway.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Chat Completions request, validated, in neutral form. {@code raw} is the client's body: the
 * OpenAI dialect forwards it (so fields we do not model still reach OpenAI); other dialects
 * translate the typed fields. A request that came in another front-end dialect (Anthropic's
 * Messages API) has no {@code raw}: every dialect then writes its body from the typed fields.
 * {@code topK} and {@code thinkingBudget} (thinking tokens; 0 = thinking off) come from such
 * a front end only; Chat Completions has neither.
 * {@code serviceTier} and {@code inferenceGeo} ask for a way of
 * serving that changes the price (OpenAI's {@code service_tier}; the gateway's
 * {@code inference_geo} extension): each dialect passes on what its provider offers and refuses the
 * rest, and billing prices what the provider reports it did. {@code webSearch} asks the provider to
 * search the web itself (a Responses client's built-in tool); null when not asked.
 */
public record ChatRequest(
        String model,
        List<String> models,
        List<Message> messages,
        boolean stream,
        boolean includeUsage,
        Integer maxTokens,
        Double temperature,
        Double topP,
        List<String> stop,
        List<Tool> tools,
        ToolChoice toolChoice,
        Boolean parallelToolCalls,
        ResponseFormat responseFormat,
        String reasoningEffort,
        Long seed,
        String user,
        Integer n,
        Double presencePenalty,
        Double frequencyPenalty,
        Boolean logprobs,
        Integer topLogprobs,
        Map<String, String> metadata,
        Integer topK,
        Integer thinkingBudget,
        String serviceTier,
        String inferenceGeo,
        ObjectNode raw,
        WebSearch webSearch) {

    public ChatRequest {
        models = models == null ? List.of() : List.copyOf(models);
        messages = List.copyOf(messages);
        stop = stop == null ? List.of() : List.copyOf(stop);
        tools = tools == null ? List.of() : List.copyOf(tools);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** A request without a web search (every front end but Responses). */
    public ChatRequest(String model, List<String> models, List<Message> messages, boolean stream,
            boolean includeUsage, Integer maxTokens, Double temperature, Double topP, List<String> stop,
            List<Tool> tools, ToolChoice toolChoice, Boolean parallelToolCalls, ResponseFormat responseFormat,
            String reasoningEffort, Long seed, String user, Integer n, Double presencePenalty,
            Double frequencyPenalty, Boolean logprobs, Integer topLogprobs, Map<String, String> metadata,
            Integer topK, Integer thinkingBudget, String serviceTier, String inferenceGeo, ObjectNode raw) {
        this(model, models, messages, stream, includeUsage, maxTokens, temperature, topP, stop, tools, toolChoice,
                parallelToolCalls, responseFormat, reasoningEffort, seed, user, n, presencePenalty, frequencyPenalty,
                logprobs, topLogprobs, metadata, topK, thinkingBudget, serviceTier, inferenceGeo, raw, null);
    }

    /** The same request without {@code parallel_tool_calls} (for a provider that cannot forbid parallel calls). */
    public ChatRequest withoutParallelToolCalls() {
        return new ChatRequest(model, models, messages, stream, includeUsage, maxTokens, temperature, topP, stop,
                tools, toolChoice, null, responseFormat, reasoningEffort, seed, user, n, presencePenalty,
                frequencyPenalty, logprobs, topLogprobs, metadata, topK, thinkingBudget, serviceTier, inferenceGeo,
                raw, webSearch);
    }

    /** The same request without its web search (for a provider that cannot run one). */
    public ChatRequest withoutWebSearch() {
        return new ChatRequest(model, models, messages, stream, includeUsage, maxTokens, temperature, topP, stop,
                tools, toolChoice, parallelToolCalls, responseFormat, reasoningEffort, seed, user, n, presencePenalty,
                frequencyPenalty, logprobs, topLogprobs, metadata, topK, thinkingBudget, serviceTier, inferenceGeo,
                raw, null);
    }

    /**
     * The reasoning effort asked for: {@code reasoning_effort}, or a thinking budget's equivalent
     * (0 is none; up to 4096 tokens low, up to 16384 medium, more high).
     */
    public String effort() {
        if (reasoningEffort != null || thinkingBudget == null) {
            return reasoningEffort;
        }
        int b = thinkingBudget;
        return b == 0 ? "none" : b <= 4096 ? "low" : b <= 16384 ? "medium" : "high";
    }

    public boolean hasTools() {
        return !tools.isEmpty();
    }
}
