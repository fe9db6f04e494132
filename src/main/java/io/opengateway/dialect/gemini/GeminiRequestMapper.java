package io.opengateway.dialect.gemini;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.stereotype.Component;

import io.opengateway.dialect.RequestMapper;
import io.opengateway.dialect.UpstreamCall;
import io.opengateway.model.ChatRequest;
import io.opengateway.routing.Endpoint;
import io.opengateway.routing.ModelTarget;
import io.opengateway.routing.RequestContext;

/**
 * Chat Completions to Gemini's {@code generateContent} ({@code streamGenerateContent?alt=sse} for
 * streams) under the bare-host base URL. The key goes in {@code x-goog-api-key}, never in the URL;
 * the model name is percent-encoded into one path segment, so no character of a model ID can
 * reach another path or host.
 */
@Component("geminiRequestMapper")
public class GeminiRequestMapper extends RequestMapper {

    private final ObjectMapper json;

    public GeminiRequestMapper(ObjectMapper json) {
        this.json = json;
    }

    /** Gemini takes penalties too (refused by Gemini 4, so dropped there); log probabilities keep their rule. */
    @Override
    protected java.util.Set<String> samplingParams() {
        return java.util.Set.of("temperature", "top_p", "top_k", "presence_penalty", "frequency_penalty");
    }

    /** Gemini has no way to forbid parallel function calls. */
    @Override
    protected boolean forbidsParallelToolCalls(io.opengateway.catalog.CatalogEntry model) {
        return false;
    }

    /** Gemini grounds answers in Google Search itself. */
    @Override
    protected boolean takesWebSearch(ChatRequest req, io.opengateway.catalog.CatalogEntry model) {
        return true;
    }

    @Override
    protected UpstreamCall build(RequestContext ctx, ModelTarget target) {
        ChatRequest req = ctx.attemptChat();
        boolean stream = req.stream();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-goog-api-key", apiKey(target));
        headers.put("Accept", stream ? "text/event-stream" : "application/json");
        if (stream) {
            headers.put("Accept-Encoding", "identity");
        }
        boolean counting = ctx.request().endpoint() == Endpoint.COUNT_TOKENS;
        String path = "v1beta/models/" + pathSegment(target.upstreamModel())
                + (counting ? ":countTokens" : stream ? ":streamGenerateContent" : ":generateContent");
        ObjectNode body = GeminiRequest.body(req, target.model());
        if (counting) {
            // countTokens takes the whole request under generateContentRequest, with its model
            // (ai.google.dev/api/tokens#method:-models.counttokens)
            body.put("model", "models/" + target.upstreamModel());
            ObjectNode wrapped = json.createObjectNode();
            wrapped.set("generateContentRequest", body);
            body = wrapped;
        }
        try {
            return new UpstreamCall(path, stream ? "alt=sse" : null, headers, json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the request", e);
        }
    }

    /**
     * Percent-encodes every byte but letters, digits, '-', '.' and '_' (RFC 3986 unreserved, less
     * '~'): '/', '%', '?', '#', ':' and control characters cannot end or leave the segment, and
     * '..' can never be a whole segment because ":generateContent" follows it.
     */
    static String pathSegment(String model) {
        StringBuilder out = new StringBuilder();
        for (byte b : model.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_') {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
