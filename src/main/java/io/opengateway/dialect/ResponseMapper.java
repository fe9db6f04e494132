package io.opengateway.dialect;

import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.springframework.beans.factory.annotation.Autowired;

import io.opengateway.edge.OpenAiFormat;
import io.opengateway.error.UpstreamException;
import io.opengateway.model.ChatCompletion;
import io.opengateway.routing.Endpoint;
import io.opengateway.routing.ModelTarget;
import io.opengateway.routing.RequestContext;
import io.opengateway.routing.UpstreamFault;
import io.opengateway.stream.ChatStreamRelay;
import io.opengateway.stream.SseRelay;
import io.opengateway.stream.StreamTranslator;
import io.opengateway.stream.UpstreamBody;

/**
 * The step of a provider route that reads the upstream answer: an error status becomes a typed
 * {@link UpstreamException} (a failover trigger); a stream becomes a relay primed up to its first
 * content; a JSON body becomes the OpenAI-shaped answer. Provider headers never reach the client.
 */
public abstract class ResponseMapper implements Processor {

    private static final int MAX_ERROR_BODY = 64 * 1024;

    protected final ObjectMapper json;
    protected final UpstreamErrors errors;

    private final Map<Endpoint, FrontFormat> fronts = new EnumMap<>(Endpoint.class);

    protected ResponseMapper(ObjectMapper json, UpstreamErrors errors) {
        this.json = json;
        this.errors = errors;
    }

    /** The front-end dialects besides Chat Completions, by the endpoint they serve. */
    @Autowired(required = false)
    public void setFronts(List<FrontFormat> formats) {
        for (Endpoint e : Endpoint.values()) {
            formats.stream().filter(f -> f.serves(e)).findFirst().ifPresent(f -> fronts.put(e, f));
        }
    }

    /** The front end that writes this request's answer; null for the OpenAI formats the dialects write. */
    protected FrontFormat front(RequestContext ctx) {
        return ctx.request().endpoint() == null ? null : fronts.get(ctx.request().endpoint());
    }

    /** Maps an error status and the provider's error body (possibly not JSON) to the failure. */
    protected abstract UpstreamException error(ModelTarget target, int status, String retryAfter, byte[] body);

    /** Maps a successful JSON body to the OpenAI answer; sets usage and upstream model on ctx. */
    protected abstract JsonNode completion(RequestContext ctx, ModelTarget target, JsonNode body);

    /**
     * Reads a successful JSON body as the neutral answer, for a front end other than Chat
     * Completions; sets usage and upstream model on ctx.
     */
    protected abstract ChatCompletion neutral(RequestContext ctx, ModelTarget target, JsonNode body);

    /** Records the provider's snapshot name and usage of an answer for billing; returns it. */
    protected static ChatCompletion served(RequestContext ctx, ChatCompletion c) {
        ctx.attempt().upstreamModel(c.upstreamModel());
        ctx.attempt().usage(c.usage());
        return c;
    }

    /** Reads the provider's answer to a {@code count_tokens} request. */
    protected long tokenCount(ModelTarget target, JsonNode body) {
        throw errors.malformed(target.provider(), "an answer to a token count it was never asked for");
    }

    /** The response body of a whole answer: the OpenAI answer, or the front end's. */
    protected byte[] answer(RequestContext ctx, ModelTarget target, JsonNode body) throws IOException {
        FrontFormat front = front(ctx);
        if (front == null) {
            return json.writeValueAsBytes(completion(ctx, target, body));
        }
        if (ctx.request().endpoint() == Endpoint.COUNT_TOKENS) {
            return front.tokenCount(tokenCount(target, body));
        }
        return front.answer(neutral(ctx, target, body), ctx, target);
    }

    /** The relay of a stream: the dialect's own, or the front end's over the dialect's translator. */
    protected SseRelay streamRelay(RequestContext ctx, ModelTarget target, UpstreamBody body) {
        FrontFormat front = front(ctx);
        return front == null ? relay(ctx, target, body) : front.relay(body, ctx, translator(ctx, target));
    }

    /** A new translator for one Chat Completions stream. */
    protected abstract StreamTranslator translator(RequestContext ctx, ModelTarget target);

    /** The relay for a stream; Chat Completions unless a dialect serves another API. */
    protected SseRelay relay(RequestContext ctx, ModelTarget target, UpstreamBody body) {
        return new ChatStreamRelay(body, ctx, translator(ctx, target), json, meta(ctx, target),
                ctx.request().chat().includeUsage());
    }

    /** Whether the current request asked for a stream. */
    protected boolean streaming(RequestContext ctx) {
        return ctx.request().chat() != null && ctx.request().chat().stream();
    }

    public static OpenAiFormat.ChunkMeta meta(RequestContext ctx, ModelTarget target) {
        return new OpenAiFormat.ChunkMeta("chatcmpl-" + ctx.request().requestId(),
                ctx.request().startedAt().getEpochSecond(), target.model().id());
    }

    @Override
    public void process(Exchange exchange) {
        RequestContext ctx = RequestContext.of(exchange);
        ModelTarget target = ctx.attempt().target();
        Message msg = exchange.getMessage();
        int status = msg.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String retryAfter = msg.getHeader("Retry-After", String.class);
        InputStream in = msg.getBody(InputStream.class);
        UpstreamBody body = new UpstreamBody(in == null ? InputStream.nullInputStream() : in);
        msg.removeHeaders("*");
        msg.setBody(null);
        try {
            if (status < 200 || status > 299) {
                byte[] bytes = readBounded(body);
                throw error(target, status, retryAfter, bytes);
            }
            if (streaming(ctx)) {
                SseRelay relay = streamRelay(ctx, target, body);
                relay.prime();
                ctx.attempt().streamed(true);
                msg.setHeader(Exchange.CONTENT_TYPE, "text/event-stream");
                msg.setHeader("Cache-Control", "no-cache");
                msg.setBody(relay);
            } else {
                JsonNode node = parse(body, target);
                msg.setHeader(Exchange.CONTENT_TYPE, "application/json");
                msg.setBody(answer(ctx, target, node));
            }
        } catch (UpstreamException e) {
            body.abort();
            throw e;
        } catch (IOException e) {
            body.abort();
            throw UpstreamFault.classify(target.provider(), e);
        }
    }

    private JsonNode parse(UpstreamBody body, ModelTarget target) throws IOException {
        try {
            JsonNode node = json.readTree(body.stream());
            body.finished();
            if (node == null || !node.isObject()) {
                throw errors.malformed(target.provider(), "a body that is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw errors.malformed(target.provider(), "a body that is not valid JSON");
        }
    }

    private static byte[] readBounded(UpstreamBody body) throws IOException {
        byte[] bytes = body.stream().readNBytes(MAX_ERROR_BODY);
        if (bytes.length == MAX_ERROR_BODY) {
            body.abort();
        } else {
            body.finished();
        }
        return bytes;
    }

    /** Reads a provider's JSON error body, or null when the body is not JSON (an HTML page, say). */
    protected JsonNode errorJson(byte[] body) {
        try {
            JsonNode n = json.readTree(body);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Maps an error body of the common shape {@code {"error": {"message": …, <code>: …, "param": …}}}
     * (OpenAI, Anthropic); the first of {@code codeFields} present names the code. A context window
     * overflow in the dialect's wording ({@link #contextWindowExceeded}) gets OpenAI's code.
     */
    protected UpstreamException errorObject(ModelTarget target, int status, String retryAfter, byte[] body,
            String... codeFields) {
        JsonNode root = errorJson(body);
        JsonNode e = root == null ? null : root.get("error");
        if (e == null || !e.isObject()) {
            return errors.map(target.provider(), status, null, null, retryAfter);
        }
        String code = null;
        for (String f : codeFields) {
            if (e.hasNonNull(f)) {
                code = e.get(f).asText();
                break;
            }
        }
        String message = e.path("message").asText(null);
        String param = e.path("param").isTextual() ? e.get("param").asText() : null;
        if (contextWindowExceeded(status, code, message)) {
            return errors.contextLengthExceeded(target.provider(), message, param);
        }
        return errors.map(target.provider(), status, message, code, param, retryAfter);
    }

    /**
     * Whether an error says the prompt is longer than the model's context window, in the wording
     * of this dialect's provider. None by default: OpenAI names it by its own code.
     */
    protected boolean contextWindowExceeded(int status, String code, String message) {
        return false;
    }

    /** A counter the provider did not report counts as zero. */
    protected static long count(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || !v.isNumber() ? 0 : v.asLong();
    }
}
