package io.opengateway.edge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import io.opengateway.error.GatewayException;
import io.opengateway.model.ChatRequest;
import io.opengateway.model.ContentPart;
import io.opengateway.model.Message;
import io.opengateway.model.ResponseFormat;
import io.opengateway.model.Role;
import io.opengateway.model.Tool;
import io.opengateway.model.ToolCall;
import io.opengateway.model.ToolChoice;
import io.opengateway.routing.ModelResolver;
import io.opengateway.routing.InboundRequest;

import static io.opengateway.edge.Fields.bad;

/**
 * Validates a Chat Completions body (already parsed by Camel Jackson) into the neutral
 * {@link ChatRequest}, and resolves its models into the attempt plan. Every problem is a 400 (or
 * 404 for an unknown model) that names the parameter: nothing invalid reaches a provider.
 */
@Component("chatRequestParser")
public class ChatRequestParser implements Processor {

    private static final Set<String> EFFORTS = Set.of("none", "minimal", "low", "medium", "high", "xhigh", "max");

    private final ModelResolver resolver;

    public ChatRequestParser(ModelResolver resolver) {
        this.resolver = resolver;
    }

    /** The route step ({@code process}: Camel calls it directly, with no method lookup per request). */
    @Override
    public void process(Exchange exchange) {
        JsonNode body = exchange.getMessage().getBody(JsonNode.class);
        ChatRequest request = parse(body);
        InboundRequest.of(exchange).withPlan(resolver.plan(request.model(), request.models())).withChat(request)
                .putOn(exchange);
        exchange.getMessage().setBody(null);
    }

    public ChatRequest parse(JsonNode body) {
        if (body == null || body.isMissingNode()) {
            throw GatewayException.badRequest(null, "The request body is empty: send a JSON object with 'model' and 'messages'.");
        }
        if (!body.isObject()) {
            throw GatewayException.badRequest(null, "The request body must be a JSON object.");
        }
        String model = Fields.string(body, "model", "model");
        List<String> models = models(body);
        if (model == null && models.isEmpty()) {
            throw GatewayException.badRequest("model", "'model' is required (or a non-empty 'models' list).");
        }
        List<Message> messages = messages(body);
        boolean stream = Boolean.TRUE.equals(Fields.bool(body, "stream", "stream"));
        JsonNode opts = Fields.object(body, "stream_options", "stream_options");
        boolean includeUsage = opts != null && Boolean.TRUE.equals(Fields.bool(opts, "include_usage",
                "stream_options.include_usage"));
        if (opts != null && !stream) {
            throw GatewayException.badRequest("stream_options", "'stream_options' is only allowed when 'stream' is true.");
        }
        Integer maxTokens = Fields.integer(body, "max_completion_tokens", "max_completion_tokens", 1, Integer.MAX_VALUE);
        if (maxTokens == null) {
            maxTokens = Fields.integer(body, "max_tokens", "max_tokens", 1, Integer.MAX_VALUE);
        }
        List<String> stop = Fields.strings(body, "stop", "stop");
        if (stop != null && stop.size() > 4) {
            throw GatewayException.badRequest("stop", "'stop' takes at most 4 sequences.");
        }
        String effort = Fields.string(body, "reasoning_effort", "reasoning_effort");
        if (effort != null && !EFFORTS.contains(effort)) {
            throw bad("reasoning_effort", "must be one of " + EFFORTS);
        }
        Integer topLogprobs = Fields.integer(body, "top_logprobs", "top_logprobs", 0, 20);
        List<Tool> tools = tools(body);
        return new ChatRequest(model, models, messages, stream, includeUsage, maxTokens,
                Fields.number(body, "temperature", "temperature", 0, 2),
                Fields.number(body, "top_p", "top_p", 0, 1),
                stop, tools, toolChoice(body, tools),
                Fields.bool(body, "parallel_tool_calls", "parallel_tool_calls"),
                responseFormat(body),
                effort,
                Fields.longValue(body, "seed", "seed"),
                Fields.string(body, "user", "user"),
                Fields.integer(body, "n", "n", 1, 128),
                Fields.number(body, "presence_penalty", "presence_penalty", -2, 2),
                Fields.number(body, "frequency_penalty", "frequency_penalty", -2, 2),
                Fields.bool(body, "logprobs", "logprobs"),
                topLogprobs,
                metadata(body),
                null, null,
                Fields.string(body, "service_tier", "service_tier"),
                Fields.string(body, "inference_geo", "inference_geo"),
                (ObjectNode) body);
    }

    private static List<String> models(JsonNode body) {
        JsonNode arr = Fields.array(body, "models", "models");
        List<String> out = new ArrayList<>();
        if (arr == null) {
            return out;
        }
        for (JsonNode m : arr) {
            if (!m.isTextual() || m.asText().isBlank()) {
                throw bad("models", "must be an array of model IDs");
            }
            out.add(m.asText());
        }
        return out;
    }

    private static List<Message> messages(JsonNode body) {
        JsonNode arr = body.get("messages");
        if (arr == null || arr.isNull()) {
            throw GatewayException.badRequest("messages", "'messages' is required: an array of chat messages.");
        }
        if (!arr.isArray()) {
            throw bad("messages", "must be an array of chat messages");
        }
        if (arr.isEmpty()) {
            throw GatewayException.badRequest("messages", "'messages' must contain at least one message.");
        }
        List<Message> out = new ArrayList<>(arr.size());
        for (int i = 0; i < arr.size(); i++) {
            out.add(message(arr.get(i), "messages[" + i + "]"));
        }
        return out;
    }

    private static Message message(JsonNode m, String at) {
        if (!m.isObject()) {
            throw bad(at, "must be an object with 'role' and 'content'");
        }
        String roleName = Fields.string(m, "role", at + ".role");
        Role role = roleName == null ? null : Role.fromWire(roleName);
        if (role == null) {
            throw bad(at + ".role", "must be one of system, developer, user, assistant, tool");
        }
        List<ContentPart> content = content(m, at, role);
        List<ToolCall> calls = role == Role.ASSISTANT ? toolCalls(m, at) : List.of();
        String toolCallId = null;
        if (role == Role.TOOL) {
            toolCallId = Fields.string(m, "tool_call_id", at + ".tool_call_id");
            if (toolCallId == null) {
                throw GatewayException.badRequest(at + ".tool_call_id",
                        "'" + at + ".tool_call_id' is required on tool messages.");
            }
        }
        if (content == null && calls.isEmpty() && role != Role.ASSISTANT) {
            throw GatewayException.badRequest(at + ".content", "'" + at + ".content' is required.");
        }
        return new Message(role, content, Fields.string(m, "name", at + ".name"), calls, toolCallId,
                role == Role.ASSISTANT ? Fields.string(m, "reasoning_content", at + ".reasoning_content") : null, false, m);
    }

    private static List<ContentPart> content(JsonNode m, String at, Role role) {
        JsonNode c = m.get("content");
        if (c == null || c.isNull()) {
            return null;
        }
        if (c.isTextual()) {
            return List.of(ContentPart.text(c.asText()));
        }
        if (!c.isArray()) {
            throw bad(at + ".content", "must be a string or an array of content parts");
        }
        List<ContentPart> parts = new ArrayList<>(c.size());
        for (int i = 0; i < c.size(); i++) {
            parts.add(part(c.get(i), at + ".content[" + i + "]", role));
        }
        return parts;
    }

    private static ContentPart part(JsonNode p, String at, Role role) {
        if (!p.isObject()) {
            throw bad(at, "must be an object with a 'type'");
        }
        String type = Fields.string(p, "type", at + ".type");
        if (type == null) {
            throw GatewayException.badRequest(at + ".type", "'" + at + ".type' is required.");
        }
        switch (type) {
            case "text":
                String text = Fields.string(p, "text", at + ".text");
                if (text == null) {
                    throw GatewayException.badRequest(at + ".text", "'" + at + ".text' is required.");
                }
                return ContentPart.text(text);
            case "image_url":
                if (role != Role.USER) {
                    throw bad(at, "is an image; images are only allowed in user messages");
                }
                JsonNode img = p.get("image_url");
                String url = img != null && img.isTextual() ? img.asText()
                        : img != null && img.isObject() ? Fields.string(img, "url", at + ".image_url.url") : null;
                if (url == null || url.isBlank()) {
                    throw GatewayException.badRequest(at + ".image_url.url",
                            "'" + at + ".image_url.url' is required: an http(s) or data: URL.");
                }
                String detail = img.isObject() ? Fields.string(img, "detail", at + ".image_url.detail") : null;
                return ContentPart.image(url, detail);
            default:
                return new ContentPart(ContentPart.Type.OTHER, null, null, null, p);
        }
    }

    private static List<ToolCall> toolCalls(JsonNode m, String at) {
        JsonNode arr = Fields.array(m, "tool_calls", at + ".tool_calls");
        if (arr == null) {
            return List.of();
        }
        List<ToolCall> out = new ArrayList<>(arr.size());
        for (int i = 0; i < arr.size(); i++) {
            String p = at + ".tool_calls[" + i + "]";
            JsonNode tc = arr.get(i);
            if (!tc.isObject()) {
                throw bad(p, "must be an object");
            }
            String id = Fields.string(tc, "id", p + ".id");
            JsonNode fn = Fields.object(tc, "function", p + ".function");
            if (id == null || fn == null) {
                throw GatewayException.badRequest(p, "'" + p + "' needs an 'id' and a 'function' with 'name' and 'arguments'.");
            }
            String name = Fields.string(fn, "name", p + ".function.name");
            if (name == null) {
                throw GatewayException.badRequest(p + ".function.name", "'" + p + ".function.name' is required.");
            }
            String args = Fields.string(fn, "arguments", p + ".function.arguments");
            out.add(new ToolCall(id, name, args == null ? "" : args));
        }
        return out;
    }

    private static List<Tool> tools(JsonNode body) {
        JsonNode arr = Fields.array(body, "tools", "tools");
        List<Tool> out = new ArrayList<>();
        if (arr == null) {
            return out;
        }
        for (int i = 0; i < arr.size(); i++) {
            String at = "tools[" + i + "]";
            JsonNode t = arr.get(i);
            if (!t.isObject() || !"function".equals(t.path("type").asText())) {
                throw bad(at, "must be {\"type\": \"function\", \"function\": {...}}");
            }
            JsonNode fn = Fields.object(t, "function", at + ".function");
            if (fn == null) {
                throw GatewayException.badRequest(at + ".function", "'" + at + ".function' is required.");
            }
            String name = Fields.string(fn, "name", at + ".function.name");
            if (name == null || !name.matches("[A-Za-z0-9_.-]{1,64}")) {
                throw bad(at + ".function.name", "must be 1-64 letters, digits, '_', '.' or '-'");
            }
            out.add(new Tool(name, Fields.string(fn, "description", at + ".function.description"),
                    Fields.object(fn, "parameters", at + ".function.parameters"),
                    Fields.bool(fn, "strict", at + ".function.strict")));
        }
        return out;
    }

    private static ToolChoice toolChoice(JsonNode body, List<Tool> tools) {
        JsonNode c = body.get("tool_choice");
        if (c == null || c.isNull()) {
            return null;
        }
        ToolChoice choice;
        if (c.isTextual()) {
            choice = switch (c.asText()) {
                case "auto" -> ToolChoice.AUTO;
                case "none" -> ToolChoice.NONE;
                case "required" -> ToolChoice.REQUIRED;
                default -> throw bad("tool_choice", "must be 'auto', 'none', 'required' or {\"type\": \"function\", \"function\": {\"name\": ...}}");
            };
        } else if (c.isObject() && c.path("function").path("name").isTextual()) {
            choice = ToolChoice.named(c.path("function").path("name").asText());
        } else {
            throw bad("tool_choice", "must be 'auto', 'none', 'required' or {\"type\": \"function\", \"function\": {\"name\": ...}}");
        }
        if (choice.mode() == ToolChoice.Mode.NAMED && tools.stream().noneMatch(t -> t.name().equals(choice.name()))) {
            throw GatewayException.badRequest("tool_choice", "'tool_choice' names the function "
                    + GatewayException.quote(choice.name()) + ", which is not in 'tools'.");
        }
        if ((choice.mode() == ToolChoice.Mode.REQUIRED) && tools.isEmpty()) {
            throw GatewayException.badRequest("tool_choice", "'tool_choice' is 'required' but 'tools' is empty.");
        }
        return choice;
    }

    private static ResponseFormat responseFormat(JsonNode body) {
        JsonNode f = Fields.object(body, "response_format", "response_format");
        if (f == null) {
            return null;
        }
        String type = Fields.string(f, "type", "response_format.type");
        if (type == null) {
            throw GatewayException.badRequest("response_format.type", "'response_format.type' is required.");
        }
        switch (type) {
            case "text":
                return new ResponseFormat(ResponseFormat.Type.TEXT, null, null, null);
            case "json_object":
                return new ResponseFormat(ResponseFormat.Type.JSON_OBJECT, null, null, null);
            case "json_schema":
                JsonNode js = Fields.object(f, "json_schema", "response_format.json_schema");
                if (js == null) {
                    throw GatewayException.badRequest("response_format.json_schema",
                            "'response_format.json_schema' is required when the type is 'json_schema'.");
                }
                String name = Fields.string(js, "name", "response_format.json_schema.name");
                if (name == null) {
                    throw GatewayException.badRequest("response_format.json_schema.name",
                            "'response_format.json_schema.name' is required.");
                }
                return new ResponseFormat(ResponseFormat.Type.JSON_SCHEMA, name,
                        Fields.object(js, "schema", "response_format.json_schema.schema"),
                        Fields.bool(js, "strict", "response_format.json_schema.strict"));
            default:
                throw bad("response_format.type", "must be 'text', 'json_object' or 'json_schema'");
        }
    }

    private static Map<String, String> metadata(JsonNode body) {
        JsonNode md = Fields.object(body, "metadata", "metadata");
        if (md == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        md.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw bad("metadata." + e.getKey(), "must be a string");
            }
            out.put(e.getKey(), e.getValue().asText());
        });
        return out;
    }
}
