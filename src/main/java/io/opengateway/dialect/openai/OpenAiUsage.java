package io.opengateway.dialect.openai;

import com.fasterxml.jackson.databind.JsonNode;

import io.opengateway.model.Usage;

/** Reads OpenAI's usage objects (Chat Completions and Responses names) into the neutral usage. */
final class OpenAiUsage {

    private OpenAiUsage() {
    }

    static Usage chat(JsonNode u) {
        if (u == null || !u.isObject()) {
            return null;
        }
        return new Usage(u.path("prompt_tokens").asLong(0), u.path("completion_tokens").asLong(0),
                u.path("prompt_tokens_details").path("cached_tokens").asLong(0), 0,
                u.path("completion_tokens_details").path("reasoning_tokens").asLong(0));
    }

    static Usage responses(JsonNode u) {
        if (u == null || !u.isObject()) {
            return null;
        }
        return new Usage(u.path("input_tokens").asLong(0), u.path("output_tokens").asLong(0),
                u.path("input_tokens_details").path("cached_tokens").asLong(0), 0,
                u.path("output_tokens_details").path("reasoning_tokens").asLong(0));
    }
}
