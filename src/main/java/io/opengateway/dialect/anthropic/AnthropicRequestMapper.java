package io.opengateway.dialect.anthropic;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

import io.opengateway.dialect.RequestMapper;
import io.opengateway.dialect.UpstreamCall;
import io.opengateway.routing.ModelTarget;
import io.opengateway.routing.RequestContext;

/**
 * Chat Completions to Anthropic's Messages API: {@code POST {base}/v1/messages} with the key in
 * {@code x-api-key}. The translation is {@link AnthropicRequest}'s.
 *
 * <p>Extended thinking round trip: an answer's thinking comes back as {@code reasoning_content}
 * (its text) and {@code thinking_blocks} on the assistant message (in a stream, one delta per
 * finished block): {@code [{"type": "thinking", "thinking", "signature"}]} or
 * {@code [{"type": "redacted_thinking", "data"}]}. A client that sends the assistant message back
 * with its {@code thinking_blocks} gets them passed to Anthropic as they were, first in that turn,
 * which a tool loop with thinking requires. {@code reasoning_content} alone carries no signature
 * and is not sent back; a tool loop whose last assistant turn lost its blocks continues without
 * thinking rather than fail.
 */
@Component("anthropicRequestMapper")
public class AnthropicRequestMapper extends RequestMapper {

    static final String API_VERSION = "2023-06-01";

    private final ObjectMapper json;

    public AnthropicRequestMapper(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected UpstreamCall build(RequestContext ctx, ModelTarget target) {
        boolean stream = ctx.chat().stream();
        byte[] body;
        try {
            body = json.writeValueAsBytes(AnthropicRequest.body(ctx.chat(), target.model(), target.provider()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the request", e);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-api-key", apiKey(target));
        headers.put("anthropic-version", API_VERSION);
        headers.put("Accept", stream ? "text/event-stream" : "application/json");
        if (stream) {
            headers.put("Accept-Encoding", "identity");
        }
        return new UpstreamCall("v1/messages", null, headers, body);
    }
}
