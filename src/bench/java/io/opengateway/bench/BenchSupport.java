package io.opengateway.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.opengateway.catalog.Catalog;
import io.opengateway.catalog.CatalogEntry;
import io.opengateway.config.GatewayProperties;
import io.opengateway.dialect.Redactor;
import io.opengateway.dialect.UpstreamErrors;
import io.opengateway.edge.ChatRequestParser;
import io.opengateway.model.ChatRequest;
import io.opengateway.routing.Endpoint;
import io.opengateway.routing.ModelTarget;
import io.opengateway.routing.RequestContext;

/** What the JMH benchmarks share: the mapper, the catalog, and a request context per call. */
public final class BenchSupport {

    public static final ObjectMapper JSON = new ObjectMapper();
    public static final UpstreamErrors ERRORS = new UpstreamErrors(new Redactor(new GatewayProperties(Map.of(), null,
            null, null, null, "file:routes/catalog/*.yaml")));
    public static final ChatRequestParser PARSER = new ChatRequestParser(null);
    private static final Catalog CATALOG = catalog();

    private BenchSupport() {
    }

    /** A typical chat request: a system prompt, a short history, one tool. */
    public static byte[] chatBody(String model, boolean stream) {
        return ("{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"temperature\":0.7,\"max_tokens\":512,"
                + "\"messages\":[{\"role\":\"system\",\"content\":\"You are a helpful assistant.\"},"
                + "{\"role\":\"user\",\"content\":\"What is the weather in Paris?\"},"
                + "{\"role\":\"assistant\",\"content\":\"Let me check.\",\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"18 degrees, light rain\"},"
                + "{\"role\":\"user\",\"content\":\"And tomorrow?\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":\"Weather for a city\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    public static ChatRequest parse(byte[] body) throws IOException {
        return PARSER.parse(JSON.readTree(body));
    }

    /** A context whose current attempt is {@code model}, as the failover slot leaves it. */
    public static RequestContext context(ChatRequest request, String model) {
        CatalogEntry entry = CATALOG.find(model);
        RequestContext ctx = new RequestContext("req_bench", Endpoint.CHAT);
        ctx.chat(request);
        ctx.plan(java.util.List.of(entry));
        ctx.advance(e -> new ModelTarget(e, new GatewayProperties.Provider("http://upstream", "sk-bench",
                Duration.ofSeconds(5), Duration.ofSeconds(120), GatewayProperties.CircuitBreaker.DEFAULT), 1));
        return ctx;
    }

    public static byte[] fixture(String path) {
        try (InputStream in = BenchSupport.class.getResourceAsStream("/fixtures/" + path)) {
            return in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("no fixture " + path, e);
        }
    }

    /** Reads a relay to its end, as the servlet writer would. Returns the bytes written. */
    public static int drain(InputStream relay) throws IOException {
        byte[] buf = new byte[8192];
        int total = 0;
        for (int n; (n = relay.read(buf, 0, buf.length)) > 0; ) {
            total += n;
        }
        relay.close();
        return total;
    }

    public static InputStream stream(byte[] sse) {
        return new ByteArrayInputStream(sse);
    }

    /** Number of SSE events in a fixture stream. */
    public static int events(byte[] sse) {
        return new String(sse, StandardCharsets.UTF_8).strip().split("\\r?\\n\\r?\\n").length;
    }

    private static Catalog catalog() {
        try {
            return Catalog.of("file:routes/catalog/*.yaml");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
