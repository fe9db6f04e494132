package io.opengateway.dialect.openai;

import com.fasterxml.jackson.databind.JsonNode;

import io.opengateway.model.Usage;

/**
 * Reads OpenAI's usage (Chat Completions and Responses names) into the neutral usage. Cache reads
 * ({@code cached_tokens}) and, on GPT-5.6 and later, cache writes ({@code cache_write_tokens},
 * billed at 1.25× input) are both parts of the prompt tokens
 * (developers.openai.com/api/docs/guides/prompt-caching). The service tier that served the
 * request is the top-level {@code service_tier} of the answer, chunk or response object.
 */
final class OpenAiUsage {

    private OpenAiUsage() {
    }

    /** From a chat completion or a stream chunk; null when it carries no usage. */
    static Usage chat(JsonNode answer) {
        JsonNode u = answer == null ? null : answer.get("usage");
        if (u == null || !u.isObject()) {
            return null;
        }
        JsonNode details = u.path("prompt_tokens_details");
        return new Usage(u.path("prompt_tokens").asLong(0), u.path("completion_tokens").asLong(0),
                details.path("cached_tokens").asLong(0), details.path("cache_write_tokens").asLong(0),
                u.path("completion_tokens_details").path("reasoning_tokens").asLong(0), 0,
                Usage.servedTier(answer.path("service_tier").asText(null)), null);
    }

    /** From a Responses API response object; null when it carries no usage. */
    static Usage responses(JsonNode response) {
        JsonNode u = response == null ? null : response.get("usage");
        if (u == null || !u.isObject()) {
            return null;
        }
        JsonNode details = u.path("input_tokens_details");
        return new Usage(u.path("input_tokens").asLong(0), u.path("output_tokens").asLong(0),
                details.path("cached_tokens").asLong(0), details.path("cache_write_tokens").asLong(0),
                u.path("output_tokens_details").path("reasoning_tokens").asLong(0), 0,
                Usage.servedTier(response.path("service_tier").asText(null)), null);
    }
}
