package io.opengateway.dialect.openai;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.stereotype.Component;

import io.opengateway.catalog.CatalogEntry;
import io.opengateway.dialect.EncryptedReasoning;
import io.opengateway.dialect.RequestMapper;
import io.opengateway.dialect.ServiceModes;
import io.opengateway.dialect.UpstreamCall;
import io.opengateway.model.ChatRequest;
import io.opengateway.model.ToolCallIds;
import io.opengateway.routing.ModelTarget;
import io.opengateway.routing.RequestContext;

/**
 * OpenAI's own dialect: the client's body goes on as it came (fields the gateway does not model
 * still reach the provider), with the upstream model name, without the gateway's {@code models}
 * list, and with {@code stream_options.include_usage} always on so every stream can be billed.
 * Tool call ids the Gemini dialect made (a history begun on a google/* model) go in their
 * portable form, without Google's {@code extra_content}: OpenAI refuses ids over 40 characters.
 * {@code service_tier} goes on as the client sent it (OpenAI answers with the tier that served,
 * which billing prices); the gateway's {@code inference_geo} does not: OpenAI sets regions per
 * project, so a region other than global is refused. OpenAI's rules for reasoning models
 * ({@link OpenAiReasoning}) apply to every chat request; one whose function tools need the
 * Responses API for this model goes there ({@link ResponsesRequestWriter}) and its answer comes
 * back as a chat completion.
 */
@Component("openaiRequestMapper")
public class OpenAiRequestMapper extends RequestMapper {

    private final ObjectMapper json;

    public OpenAiRequestMapper(ObjectMapper json) {
        this.json = json;
    }

    /** A reasoning OpenAI model refuses sampling only while it reasons ({@link OpenAiReasoning}). */
    @Override
    protected boolean refusesSampling(ChatRequest req, CatalogEntry model) {
        return OpenAiReasoning.reasons(req.effort(), model);
    }

    /** A Responses request to OpenAI itself goes on as it came. */
    @Override
    protected boolean passesThrough(RequestContext ctx) {
        return passThrough(ctx);
    }

    /**
     * Whether the request came in OpenAI's Responses API and goes to OpenAI itself (the provider
     * named {@code openai}), which takes it as it came. Other providers of this dialect (Groq,
     * vLLM) speak Chat Completions only and get the neutral request written as one.
     */
    static boolean passThrough(RequestContext ctx) {
        return ctx.request().nativeRequest() != null && "openai".equals(ctx.request().nativeRequest().dialect())
                && "openai".equals(ctx.attempt().target().provider());
    }

    @Override
    protected UpstreamCall build(RequestContext ctx, ModelTarget target) {
        boolean responses = passThrough(ctx);
        ObjectNode body = responses ? EncryptedReasoning.forOpenAi(ctx.request().nativeRequest().body().deepCopy())
                : ctx.attemptChat().raw() != null ? ctx.attemptChat().raw().deepCopy()
                : OpenAiRequestWriter.body(ctx.attemptChat(), target.model());
        body.put("model", target.upstreamModel());
        body.remove("models");
        boolean bridged = false;
        if (!responses) {
            ServiceModes.noRegion(ctx.request().chat().inferenceGeo(), target.provider());
            body.remove("inference_geo");
            portableToolCallIds(body);
            OpenAiReasoning.apply(body, target.model());
            bridged = OpenAiReasoning.needsResponses(ctx.request().chat(), target.model());
            if (bridged) {
                body = ResponsesRequestWriter.fromChat(body, target.provider());
            }
        }
        boolean stream = body.path("stream").asBoolean(false);
        if (stream && !responses && !bridged) {
            ObjectNode opts = body.has("stream_options") && body.get("stream_options").isObject()
                    ? (ObjectNode) body.get("stream_options") : body.putObject("stream_options");
            opts.put("include_usage", true);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + apiKey(target));
        headers.put("Accept", stream ? "text/event-stream" : "application/json");
        if (stream) {
            headers.put("Accept-Encoding", "identity");
        }
        try {
            return new UpstreamCall(responses || bridged ? "responses" : "chat/completions", null, headers,
                    json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the request", e);
        }
    }

    /** Shortens signed ids in assistant tool calls and tool results alike, so they still pair up. */
    private static void portableToolCallIds(ObjectNode body) {
        for (JsonNode m : body.path("messages")) {
            String answered = m.path("tool_call_id").asText(null);
            if (ToolCallIds.carriesSignature(answered)) {
                ((ObjectNode) m).put("tool_call_id", ToolCallIds.portable(answered));
            }
            for (JsonNode call : m.path("tool_calls")) {
                String id = call.path("id").asText(null);
                if (ToolCallIds.carriesSignature(id)) {
                    ((ObjectNode) call).put("id", ToolCallIds.portable(id));
                    ((ObjectNode) call).remove("extra_content"); // Gemini's signature, useless elsewhere
                }
            }
        }
    }
}
