package io.opengateway.front.responses;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import io.opengateway.catalog.CatalogEntry;
import io.opengateway.edge.Fields;
import io.opengateway.error.GatewayException;
import io.opengateway.model.ChatRequest;
import io.opengateway.model.Message;
import io.opengateway.model.ResponseFormat;
import io.opengateway.model.ToolChoice;
import io.opengateway.routing.InboundRequest;
import io.opengateway.routing.ModelResolver;
import io.opengateway.front.responses.store.ResponseStore;
import io.opengateway.front.responses.store.StoredResponse;
import io.opengateway.routing.NativeRequest;

/**
 * Reads an OpenAI Responses request (developers.openai.com/api/reference/resources/responses/
 * methods/create) into the neutral request, for every provider but OpenAI, and keeps the body as
 * sent, for OpenAI's pass-through. Mapped: {@code instructions} and {@code input}
 * ({@link ResponsesInput}), {@code tools} and {@code tool_choice} ({@link ResponsesTools}),
 * {@code parallel_tool_calls}, {@code text.format}, {@code reasoning.effort},
 * {@code max_output_tokens}, {@code temperature}, {@code top_p}, {@code metadata},
 * {@code safety_identifier} (else {@code user}), {@code service_tier}, {@code stream}, and the
 * gateway's {@code models} (fallbacks). Read by the answer's writer: {@code include}
 * ({@code reasoning.encrypted_content}) and {@code reasoning.summary}. Hints with no counterpart
 * elsewhere are accepted and not sent: {@code prompt_cache_key}, {@code prompt_cache_retention},
 * {@code client_metadata}, {@code stream_options}. {@code store} is the answer writer's (the gateway
 * keeps translated answers, {@link ResponseStore}); {@code previous_response_id} continues from a
 * response the gateway kept ({@link #earlier}). What needs OpenAI's servers ({@code conversation},
 * {@code background}, {@code prompt}, ...) is refused by name for other providers; built-in tools
 * and {@code text.verbosity} are left out under the dropped-parameters policy.
 */
@Component("responsesRequestParser")
public class ResponsesRequestParser implements Processor {

    /** The exchange property with each neutral message's place in the input, for refusals. */
    static final String PATHS = "opengatewayResponsesPaths";

    private static final Set<String> EFFORTS = Set.of("none", "minimal", "low", "medium", "high", "xhigh", "max");

    /** The provider that takes a Responses request as sent (and keeps its own responses). */
    private static final String OPENAI = "openai";

    private final ModelResolver resolver;
    private final ResponseStore store;

    public ResponsesRequestParser(ModelResolver resolver, ResponseStore store) {
        this.resolver = resolver;
        this.store = store;
    }

    /** The route step ({@code process}: Camel calls it directly, with no method lookup per request). */
    @Override
    public void process(Exchange exchange) {
        JsonNode body = exchange.getMessage().getBody(JsonNode.class);
        if (body == null || !body.isObject()) {
            throw GatewayException.badRequest(null, "The request body must be a JSON object with 'model' and 'input'.");
        }
        String model = Fields.string(body, "model", "model");
        List<String> models = Fields.strings(body, "models", "models");
        if (model == null && (models == null || models.isEmpty())) {
            throw GatewayException.badRequest("model", "'model' is required.");
        }
        List<CatalogEntry> plan = resolver.plan(model, models == null ? List.of() : models);
        List<String> untranslatable = new ArrayList<>();
        List<String> droppable = new ArrayList<>();
        needsOpenAi(body, untranslatable);
        ArrayNode earlier = earlier(exchange, body, plan, untranslatable);
        ResponsesTools tools = ResponsesTools.read(body, droppable);
        ResponsesInput input = new ResponsesInput(tools, untranslatable);
        List<Message> messages = input.read(body, earlier);
        JsonNode text = Fields.object(body, "text", "text");
        if (text != null && text.hasNonNull("verbosity")) {
            droppable.add("text.verbosity");
        }
        JsonNode reasoning = Fields.object(body, "reasoning", "reasoning");
        String effort = reasoning == null ? null : Fields.string(reasoning, "effort", "reasoning.effort");
        if (effort != null && !EFFORTS.contains(effort)) {
            throw GatewayException.badRequest("reasoning.effort", "'reasoning.effort' must be one of " + EFFORTS + ".");
        }
        // first: allowed_tools cuts the tools list down
        ToolChoice choice = tools.toolChoice(body, untranslatable);
        String user = Fields.string(body, "safety_identifier", "safety_identifier");
        String legacyUser = Fields.string(body, "user", "user");
        ChatRequest neutral = new ChatRequest(model, models, messages,
                Boolean.TRUE.equals(Fields.bool(body, "stream", "stream")), true,
                Fields.integer(body, "max_output_tokens", "max_output_tokens", 1, Integer.MAX_VALUE),
                Fields.number(body, "temperature", "temperature", 0, 2),
                Fields.number(body, "top_p", "top_p", 0, 1),
                null, tools.tools(), choice,
                Fields.bool(body, "parallel_tool_calls", "parallel_tool_calls"),
                format(text), effort, null, user != null ? user : legacyUser, null, null, null, null, null,
                metadata(body), null, null, Fields.string(body, "service_tier", "service_tier"), null, null,
                tools.webSearch());
        InboundRequest.of(exchange).withPlan(plan)
                .withChat(neutral)
                .withNativeRequest(new NativeRequest(OPENAI, (ObjectNode) body, null, null, untranslatable, droppable,
                        ResponsesInput.conversation(earlier, body.get("input"))))
                .putOn(exchange);
        exchange.setProperty(PATHS, List.copyOf(input.paths()));
        exchange.getMessage().setBody(null);
    }

    /**
     * The items a request with {@code previous_response_id} continues from, for the plan's models other
     * than OpenAI's (an {@code openai/*} model gets the field as sent: OpenAI keeps its own responses).
     * Looked up in the gateway's store for the caller's account; unknown there, it is OpenAI's 400
     * {@code previous_response_not_found} — unless the plan also has an OpenAI model, whose response
     * it may be: then that model gets it as sent and the others refuse it by name.
     */
    private ArrayNode earlier(Exchange exchange, JsonNode body, List<CatalogEntry> plan, List<String> untranslatable) {
        String previous = Fields.string(body, "previous_response_id", "previous_response_id");
        boolean translated = plan.stream().anyMatch(m -> !OPENAI.equals(m.provider()));
        if (previous == null || !translated) {
            return JsonNodeFactory.instance.arrayNode();
        }
        String account = InboundRequest.of(exchange).apiKey().account();
        if (plan.stream().noneMatch(m -> OPENAI.equals(m.provider()))) {
            return store.loadConversation(account, previous);
        }
        Optional<StoredResponse> kept = store.find(account, previous);
        if (kept.isEmpty()) {
            untranslatable.add("previous_response_id (a response the gateway did not store: one of OpenAI's)");
            return JsonNodeFactory.instance.arrayNode();
        }
        return kept.get().conversation();
    }

    /** The fields only OpenAI's own servers can serve: untranslatable for every other provider. */
    private static void needsOpenAi(JsonNode body, List<String> untranslatable) {
        if (Fields.present(body, "conversation")) {
            untranslatable.add("conversation (a conversation stored at OpenAI)");
        }
        if (Boolean.TRUE.equals(Fields.bool(body, "background", "background"))) {
            untranslatable.add("background (a response run in the background)");
        }
        if (Fields.present(body, "prompt")) {
            untranslatable.add("prompt (a prompt template stored at OpenAI)");
        }
        if (Fields.present(body, "max_tool_calls")) {
            untranslatable.add("max_tool_calls (a limit on built-in tool calls)");
        }
        if ("auto".equals(Fields.string(body, "truncation", "truncation"))) {
            untranslatable.add("truncation ('auto' drops input items to fit the context window)");
        }
        Integer topLogprobs = Fields.integer(body, "top_logprobs", "top_logprobs", 0, 20);
        List<String> include = Fields.strings(body, "include", "include");
        if (topLogprobs != null && topLogprobs > 0 || include != null && include.contains("message.output_text.logprobs")) {
            untranslatable.add("top_logprobs (log probabilities of the output)");
        }
    }

    /** {@code text.format}: text, json_object, or json_schema with its name, schema and strictness. */
    private static ResponseFormat format(JsonNode text) {
        JsonNode f = text == null ? null : Fields.object(text, "format", "text.format");
        if (f == null) {
            return null;
        }
        String type = Fields.string(f, "type", "text.format.type");
        return switch (type == null ? "" : type) {
            case "text" -> new ResponseFormat(ResponseFormat.Type.TEXT, null, null, null);
            case "json_object" -> new ResponseFormat(ResponseFormat.Type.JSON_OBJECT, null, null, null);
            case "json_schema" -> {
                String name = Fields.string(f, "name", "text.format.name");
                JsonNode schema = Fields.object(f, "schema", "text.format.schema");
                if (name == null || schema == null) {
                    throw GatewayException.badRequest(name == null ? "text.format.name" : "text.format.schema",
                            "'text.format' of type 'json_schema' needs 'name' and 'schema'.");
                }
                yield new ResponseFormat(ResponseFormat.Type.JSON_SCHEMA, name, schema,
                        Fields.bool(f, "strict", "text.format.strict"));
            }
            default -> throw GatewayException.badRequest("text.format.type",
                    "'text.format.type' must be 'text', 'json_object' or 'json_schema'.");
        };
    }

    private static Map<String, String> metadata(JsonNode body) {
        JsonNode md = Fields.object(body, "metadata", "metadata");
        if (md == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        md.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw GatewayException.badRequest("metadata." + e.getKey(), "'metadata." + e.getKey() + "' must be a string.");
            }
            out.put(e.getKey(), e.getValue().asText());
        });
        return out;
    }
}
