package io.opengateway.dialect.anthropic;

import java.io.IOException;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

import io.opengateway.dialect.ResponseMapper;
import io.opengateway.dialect.UpstreamErrors;
import io.opengateway.edge.OpenAiFormat;
import io.opengateway.error.UpstreamException;
import io.opengateway.model.ChatCompletion;
import io.opengateway.routing.ModelTarget;
import io.opengateway.routing.RequestContext;
import io.opengateway.stream.SseRelay;
import io.opengateway.stream.StreamTranslator;
import io.opengateway.stream.UpstreamBody;

/**
 * Anthropic answers as Chat Completions. Errors carry {@code {"type": "error", "error": {"type",
 * "message"}}}; the status decides the gateway's status (docs/api.md's table, so 529 overloaded is a
 * 502 that falls back, 429 keeps its {@code Retry-After}) and the error type becomes the code.
 */
@Component("anthropicResponseMapper")
public class AnthropicResponseMapper extends ResponseMapper {

    /**
     * Anthropic's two wordings of a context window overflow, a 400 {@code invalid_request_error}
     * (https://platform.claude.com/docs/en/api/errors lists the type, not the texts; the texts as the
     * API sends them, e.g. github.com/anthropics/claude-code/issues/12186): the prompt alone is too
     * long, or the prompt and {@code max_tokens} together exceed the window. Matched whole, numbers
     * and all, so that no other complaint about the request is taken for one.
     */
    private static final Pattern CONTEXT_OVERFLOW = Pattern.compile(
            "prompt is too long: \\d+ tokens > \\d+ maximum"
            + "|input length and `max_tokens` exceed context limit: \\d+ \\+ \\d+ > \\d+, .*");

    public AnthropicResponseMapper(ObjectMapper json, UpstreamErrors errors) {
        super(json, errors);
    }

    @Override
    protected UpstreamException error(ModelTarget target, int status, String retryAfter, byte[] body) {
        return errorObject(target, status, retryAfter, body, "type");
    }

    @Override
    protected boolean contextWindowExceeded(int status, String type, String message) {
        return status == 400 && "invalid_request_error".equals(type) && message != null
                && CONTEXT_OVERFLOW.matcher(message).matches();
    }

    @Override
    protected JsonNode completion(RequestContext ctx, ModelTarget target, JsonNode body) {
        return OpenAiFormat.completion(neutral(ctx, target, body), meta(ctx, target));
    }

    @Override
    protected ChatCompletion neutral(RequestContext ctx, ModelTarget target, JsonNode body) {
        if (!body.path("content").isArray()) {
            throw errors.malformed(target.provider(), "a message without 'content'");
        }
        ChatCompletion c = AnthropicResponse.read(body, JsonOutput.toolName(ctx.request().chat(), target.model()),
                target.model().id());
        return served(ctx, c);
    }

    /**
     * Anthropic's own API in front: the answer goes back as Anthropic sent it (thinking and its
     * signatures, citations, server tool blocks, fields the gateway does not know); only its
     * usage is read, for billing.
     */
    @Override
    protected byte[] answer(RequestContext ctx, ModelTarget target, JsonNode body) throws IOException {
        if (!AnthropicRequestMapper.passThrough(ctx)) {
            return super.answer(ctx, target, body);
        }
        if (body.hasNonNull("model")) {
            ctx.attempt().upstreamModel(body.get("model").asText());
        }
        if (body.has("usage")) {
            ctx.attempt().usage(AnthropicUsage.read(body.get("usage")));
        }
        return json.writeValueAsBytes(body);
    }

    @Override
    protected SseRelay streamRelay(RequestContext ctx, ModelTarget target, UpstreamBody body) {
        return !AnthropicRequestMapper.passThrough(ctx) ? super.streamRelay(ctx, target, body)
                : new AnthropicPassThroughRelay(body, ctx, json, errors);
    }

    @Override
    protected StreamTranslator translator(RequestContext ctx, ModelTarget target) {
        return new AnthropicStreamTranslator(json, errors, target.provider(),
                JsonOutput.toolName(ctx.request().chat(), target.model()), target.model().id());
    }
}
