package io.opengateway.front.responses;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import io.opengateway.edge.Fields;
import io.opengateway.error.GatewayException;
import io.opengateway.model.ChatRequest;
import io.opengateway.model.Message;
import io.opengateway.model.ResponseFormat;
import io.opengateway.model.ToolChoice;
import io.opengateway.routing.InboundRequest;
import io.opengateway.routing.ModelResolver;
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
 * elsewhere are accepted and not sent: {@code store}, {@code prompt_cache_key},
 * {@code prompt_cache_retention}, {@code client_metadata}, {@code stream_options}. What needs
 * OpenAI's servers ({@code previous_response_id}, {@code conversation}, {@code background},
 * {@code prompt}, ...) is refused by name for other providers; built-in tools and
 * {@code text.verbosity} are left out under the dropped-parameters policy.
 */
@Component("responsesRequestParser")
public class ResponsesRequestParser {

    /** The exchange property with each neutral message's place in the input, for refusals. */
    static final String PATHS = "opengatewayResponsesPaths";

    private static final Set<String> EFFORTS = Set.of("none", "minimal", "low", "medium", "high", "xhigh", "max");

    private final ModelResolver resolver;

    public ResponsesRequestParser(ModelResolver resolver) {
        this.resolver = resolver;
    }

    public void parse(Exchange exchange) {
        JsonNode body = exchange.getMessage().getBody(JsonNode.class);
        if (body == null || !body.isObject()) {
            throw GatewayException.badRequest(null, "The request body must be a JSON object with 'model' and 'input'.");
        }
        String model = Fields.string(body, "model", "model");
        List<String> models = Fields.strings(body, "models", "models");
        if (model == null && (models == null || models.isEmpty())) {
            throw GatewayException.badRequest("model", "'model' is required.");
        }
        List<String> untranslatable = new ArrayList<>();
        List<String> droppable = new ArrayList<>();
        needsOpenAi(body, untranslatable);
        ResponsesTools tools = ResponsesTools.read(body, droppable);
        ResponsesInput input = new ResponsesInput(tools, untranslatable);
        List<Message> messages = input.read(body);
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
        InboundRequest.of(exchange).withPlan(resolver.plan(model, models == null ? List.of() : models))
                .withChat(neutral)
                .withNativeRequest(
                        new NativeRequest("openai", (ObjectNode) body, null, null, untranslatable, droppable))
                .putOn(exchange);
        exchange.setProperty(PATHS, List.copyOf(input.paths()));
        exchange.getMessage().setBody(null);
    }

    /** The fields only OpenAI's own servers can serve: untranslatable for every other provider. */
    private static void needsOpenAi(JsonNode body, List<String> untranslatable) {
        if (Fields.present(body, "previous_response_id")) {
            untranslatable.add("previous_response_id (a response stored at OpenAI; send the whole input instead)");
        }
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
