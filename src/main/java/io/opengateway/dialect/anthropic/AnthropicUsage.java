package io.opengateway.dialect.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.opengateway.model.Usage;

/**
 * Anthropic's usage in the neutral form: its {@code input_tokens} exclude cache reads and writes,
 * so the prompt is all three; cache reads are the cached tokens; cache writes are
 * {@code cache_creation_input_tokens}, of which {@code cache_creation.ephemeral_1h_input_tokens}
 * were kept an hour (2× input) and the rest five minutes (1.25×). Reasoning is
 * {@code output_tokens_details.thinking_tokens}, already part of {@code output_tokens}; an answer
 * without that optional breakdown counts none. {@code usage.speed} ({@code fast}: fast mode) and
 * {@code usage.inference_geo} ({@code us}) say how the request was served and so priced
 * (platform.claude.com/docs/en/build-with-claude/fast-mode, .../manage-claude/data-residency).
 */
final class AnthropicUsage {

    private AnthropicUsage() {
    }

    static Usage read(JsonNode u) {
        if (u == null || !u.isObject()) {
            return null;
        }
        long read = u.path("cache_read_input_tokens").asLong(0);
        JsonNode split = u.path("cache_creation");
        long fiveMinutes = split.path("ephemeral_5m_input_tokens").asLong(0);
        long oneHour = split.path("ephemeral_1h_input_tokens").asLong(0);
        long write = u.hasNonNull("cache_creation_input_tokens") ? u.get("cache_creation_input_tokens").asLong(0)
                : fiveMinutes + oneHour;
        String speed = u.path("speed").asText(null);
        long thinking = u.path("output_tokens_details").path("thinking_tokens").asLong(0);
        return new Usage(u.path("input_tokens").asLong(0) + read + write, u.path("output_tokens").asLong(0),
                read, write, thinking, Math.min(oneHour, write), "fast".equals(speed) ? "fast" : null,
                Usage.servedGeo(u.path("inference_geo").asText(null)));
    }

    /**
     * A stream's usage so far: {@code message_start}'s counts with {@code message_delta}'s laid
     * over them. Both are cumulative, so a later value replaces an earlier one, never adds to it.
     */
    static ObjectNode merge(ObjectNode sofar, JsonNode later) {
        ObjectNode out = sofar == null ? JsonNodeFactory.instance.objectNode()
                : sofar.deepCopy();
        if (later != null && later.isObject()) {
            later.fields().forEachRemaining(e -> {
                if (!e.getValue().isNull()) {
                    out.set(e.getKey(), e.getValue());
                }
            });
        }
        return out;
    }
}
