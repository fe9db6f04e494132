package io.opengateway.dialect.anthropic;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.stereotype.Component;

import io.opengateway.dialect.RequestMapper;
import io.opengateway.dialect.ThinkingSignatures;
import io.opengateway.dialect.UpstreamCall;
import io.opengateway.model.ChatRequest;
import io.opengateway.routing.Endpoint;
import io.opengateway.routing.ModelTarget;
import io.opengateway.routing.NativeRequest;
import io.opengateway.routing.RequestContext;

/**
 * Chat Completions to Anthropic's Messages API: {@code POST {base}/v1/messages} with the key in
 * {@code x-api-key}. The translation is {@link AnthropicRequest}'s.
 *
 * <p>Extended thinking round trip: an answer's thinking comes back as {@code reasoning_content}
 * (its text) and {@code thinking_blocks} on the assistant message (in a stream, one delta per
 * finished block): {@code [{"type": "thinking", "thinking", "signature"}]} or
 * {@code [{"type": "redacted_thinking", "data"}]}, each with the gateway's {@code "model"}: the
 * catalog model that wrote it. A client that sends the assistant message back with its
 * {@code thinking_blocks} gets them passed to Anthropic as they were, first in that turn, which a
 * tool loop with thinking requires, as long as the turn goes to that same model (a fallback to
 * another goes without them). {@code reasoning_content} alone carries no signature and is not sent
 * back; a tool loop whose last assistant turn lost its blocks continues without thinking where the
 * model lets thinking be turned off.
 */
@Component("anthropicRequestMapper")
public class AnthropicRequestMapper extends RequestMapper {

    static final String API_VERSION = "2023-06-01";

    private final ObjectMapper json;

    public AnthropicRequestMapper(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Anthropic has temperature, top_p and top_k; penalties and log probabilities have no counterpart
     * and stay refused on every model (AnthropicRequest).
     */
    @Override
    protected java.util.Set<String> samplingParams() {
        return java.util.Set.of("temperature", "top_p", "top_k");
    }

    /** A request that came in Anthropic's own API goes on as it came. */
    @Override
    protected boolean passesThrough(RequestContext ctx) {
        return passThrough(ctx);
    }

    /** Whether the request came in Anthropic's own API (the Messages front end), so goes on as it came. */
    static boolean passThrough(RequestContext ctx) {
        return ctx.request().nativeRequest() != null && "anthropic".equals(ctx.request().nativeRequest().dialect());
    }

    /** Anthropic runs web searches itself (its web search server tool). */
    @Override
    protected boolean takesWebSearch(ChatRequest req, io.opengateway.catalog.CatalogEntry model) {
        return true;
    }

    @Override
    protected UpstreamCall build(RequestContext ctx, ModelTarget target) {
        boolean stream = ctx.attemptChat().stream();
        NativeRequest sent = passThrough(ctx) ? ctx.request().nativeRequest() : null;
        byte[] body;
        try {
            body = json.writeValueAsBytes(sent != null ? passThrough(sent, target)
                    : AnthropicRequest.body(ctx.attemptChat(), target.model(), target.provider()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the request", e);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-api-key", apiKey(target));
        headers.put("anthropic-version", sent != null && sent.version() != null ? sent.version() : API_VERSION);
        if (sent != null && sent.beta() != null) {
            headers.put("anthropic-beta", sent.beta()); // the client's beta flags, for Anthropic only
        }
        headers.put("Accept", stream ? "text/event-stream" : "application/json");
        if (stream) {
            headers.put("Accept-Encoding", "identity");
        }
        return new UpstreamCall(
                ctx.request().endpoint() == Endpoint.COUNT_TOKENS ? "v1/messages/count_tokens" : "v1/messages",
                null, headers, body);
    }

    /**
     * The client's Messages body as it came, with the provider's model name and without the
     * gateway's own {@code models} (fallbacks): thinking signatures, {@code cache_control} and
     * fields the gateway does not know reach Anthropic untouched. Thinking blocks the gateway wrote
     * from another provider's reasoning (a conversation begun on openai/ or google/) are dropped:
     * their signature is not Anthropic's, which would refuse them.
     */
    private static ObjectNode passThrough(NativeRequest sent, ModelTarget target) {
        ObjectNode body = sent.body().deepCopy();
        body.put("model", target.upstreamModel());
        body.remove("models");
        ThinkingSignatures.dropGateways(body);
        return body;
    }
}
