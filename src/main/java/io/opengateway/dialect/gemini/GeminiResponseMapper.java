package io.opengateway.dialect.gemini;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.stereotype.Component;

import io.opengateway.dialect.ResponseMapper;
import io.opengateway.dialect.UpstreamErrors;
import io.opengateway.edge.OpenAiFormat;
import io.opengateway.error.UpstreamException;
import io.opengateway.model.ChatCompletion;
import io.opengateway.routing.ModelTarget;
import io.opengateway.routing.RequestContext;
import io.opengateway.stream.StreamTranslator;

/** Gemini answers, streams and errors in OpenAI's Chat Completions shape. */
@Component("geminiResponseMapper")
public class GeminiResponseMapper extends ResponseMapper {

    public GeminiResponseMapper(ObjectMapper json, UpstreamErrors errors) {
        super(json, errors);
    }

    @Override
    protected UpstreamException error(ModelTarget target, int status, String retryAfter, byte[] body) {
        return GeminiErrors.map(errors, target.provider(), status, errorBody(body), retryAfter);
    }

    /**
     * The parsed error body, object or array: Gemini sometimes wraps its error in an array
     * ({@code [{"error": …}]}), which the shared object-only reader would lose. Null when not JSON.
     */
    private JsonNode errorBody(byte[] body) {
        try {
            JsonNode n = json.readTree(body);
            return n != null && (n.isObject() || n.isArray()) ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    protected ChatCompletion neutral(RequestContext ctx, ModelTarget target, JsonNode body) {
        ChatCompletion c = GeminiResponses.completion(body, target.model().id());
        if (c == null) {
            throw errors.malformed(target.provider(), "an answer with neither candidates nor a blocked prompt");
        }
        return served(ctx, c);
    }

    /** countTokens answers {@code {"totalTokens": n}} (ai.google.dev/api/tokens#method:-models.counttokens). */
    @Override
    protected long tokenCount(ModelTarget target, JsonNode body) {
        if (!body.path("totalTokens").canConvertToLong()) {
            throw errors.malformed(target.provider(), "a token count without 'totalTokens'");
        }
        return body.get("totalTokens").asLong();
    }

    @Override
    protected JsonNode completion(RequestContext ctx, ModelTarget target, JsonNode body) {
        ChatCompletion c = neutral(ctx, target, body);
        ObjectNode out = OpenAiFormat.completion(c, meta(ctx, target));
        GeminiResponses.decorate(out, body);
        return out;
    }

    @Override
    protected StreamTranslator translator(RequestContext ctx, ModelTarget target) {
        return new GeminiStreamTranslator(json, errors, target.provider(), meta(ctx, target));
    }
}
