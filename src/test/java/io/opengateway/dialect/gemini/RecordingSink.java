package io.opengateway.dialect.gemini;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.util.unit.DataSize;

import io.opengateway.config.GatewayProperties;
import io.opengateway.dialect.Redactor;
import io.opengateway.dialect.UpstreamErrors;
import io.opengateway.edge.OpenAiFormat;
import io.opengateway.model.ChunkDelta;
import io.opengateway.model.Usage;
import io.opengateway.stream.ChunkSink;

/** A {@link ChunkSink} that keeps every chunk as the client would see it. */
final class RecordingSink implements ChunkSink {

    static final OpenAiFormat.ChunkMeta META = new OpenAiFormat.ChunkMeta("chatcmpl-test", 1767225600L,
            "google/gemini-test");
    static final String KEY = "AIza-google-unit-test-key";

    final List<ObjectNode> chunks = new ArrayList<>();
    final List<Boolean> content = new ArrayList<>();
    Usage usage;
    String upstreamModel;

    /** The real error table, with a Google key to redact. */
    static UpstreamErrors errors() {
        GatewayProperties props = new GatewayProperties(
                Map.of("google", new GatewayProperties.Provider("https://g", KEY, Duration.ofSeconds(1), Duration.ofSeconds(1), GatewayProperties.CircuitBreaker.DEFAULT)),
                null, new GatewayProperties.Billing(BigDecimal.ONE),
                new GatewayProperties.Limits(DataSize.ofMegabytes(1), 64), new GatewayProperties.Fallback(5), null);
        return new UpstreamErrors(new Redactor(props));
    }

    @Override
    public void delta(ChunkDelta delta) {
        chunk(OpenAiFormat.chunk(META, delta), delta.hasContent());
    }

    @Override
    public void chunk(ObjectNode chunk, boolean hasContent) {
        chunks.add(chunk);
        content.add(hasContent);
    }

    @Override
    public void usage(Usage usage, ObjectNode usageChunk) {
        this.usage = usage;
    }

    @Override
    public void upstreamModel(String name) {
        this.upstreamModel = name;
    }

    /** Every choice delta, in order. */
    List<JsonNode> deltas() {
        List<JsonNode> out = new ArrayList<>();
        chunks.forEach(c -> out.add(c.path("choices").path(0).path("delta")));
        return out;
    }

    /** Every tool call delta, in order. */
    List<JsonNode> toolCalls() {
        List<JsonNode> out = new ArrayList<>();
        deltas().forEach(d -> d.path("tool_calls").forEach(out::add));
        return out;
    }

    List<String> finishReasons() {
        List<String> out = new ArrayList<>();
        chunks.forEach(c -> {
            JsonNode r = c.path("choices").path(0).get("finish_reason");
            if (r != null && !r.isNull()) {
                out.add(r.asText());
            }
        });
        return out;
    }
}
