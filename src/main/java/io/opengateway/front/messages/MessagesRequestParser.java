package io.opengateway.front.messages;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import io.opengateway.edge.Fields;
import io.opengateway.error.GatewayException;
import io.opengateway.model.ChatRequest;
import io.opengateway.model.Tool;
import io.opengateway.model.ToolChoice;
import io.opengateway.routing.Endpoint;
import io.opengateway.routing.InboundRequest;
import io.opengateway.routing.ModelResolver;
import io.opengateway.routing.NativeRequest;

/**
 * Reads an Anthropic Messages request (https://docs.claude.com/en/api/messages) into the gateway's
 * neutral request, for the providers of other dialects, and keeps the body as sent, for the
 * anthropic provider's pass-through. Model names: {@code <provider>/<model>} as on every endpoint,
 * and the bare names Anthropic's clients send ({@code claude-opus-5-5}, dated snapshots), which
 * name the anthropic provider's catalog entries or their aliases.
 */
@Component("messagesRequestParser")
public class MessagesRequestParser implements Processor {

    private final ModelResolver resolver;

    public MessagesRequestParser(ModelResolver resolver) {
        this.resolver = resolver;
    }

    /** The route step ({@code process}: Camel calls it directly, with no method lookup per request). */
    @Override
    public void process(Exchange exchange) {
        Message msg = exchange.getMessage();
        JsonNode body = msg.getBody(JsonNode.class);
        InboundRequest inbound = InboundRequest.of(exchange);
        if (body == null || !body.isObject()) {
            throw GatewayException.badRequest(null, "The request body must be a JSON object with 'model', "
                    + "'max_tokens' and 'messages'.");
        }
        boolean counting = inbound.endpoint() == Endpoint.COUNT_TOKENS;
        String model = modelId(Fields.string(body, "model", "model"));
        List<String> models = new ArrayList<>();
        List<String> fallbacks = Fields.strings(body, "models", "models");
        if (fallbacks != null) {
            fallbacks.forEach(m -> models.add(modelId(m)));
        }
        if (model == null) {
            throw GatewayException.badRequest("model", "model: Field required");
        }
        Integer maxTokens = Fields.integer(body, "max_tokens", "max_tokens", 1, Integer.MAX_VALUE);
        if (maxTokens == null && !counting) {
            throw GatewayException.badRequest("max_tokens", "max_tokens: Field required");
        }
        List<String> untranslatable = new ArrayList<>();
        MessagesContent content = new MessagesContent(untranslatable);
        List<io.opengateway.model.Message> messages = content.read(body);
        List<Tool> tools = content.tools(body);
        JsonNode choice = Fields.object(body, "tool_choice", "tool_choice");
        Boolean parallel = choice != null && choice.path("disable_parallel_tool_use").asBoolean(false)
                ? Boolean.FALSE : null;
        JsonNode metadata = Fields.object(body, "metadata", "metadata");
        ChatRequest neutral = new ChatRequest(model, models, messages,
                !counting && Boolean.TRUE.equals(Fields.bool(body, "stream", "stream")), true, maxTokens,
                Fields.number(body, "temperature", "temperature", 0, 1),
                Fields.number(body, "top_p", "top_p", 0, 1),
                Fields.strings(body, "stop_sequences", "stop_sequences"),
                tools, toolChoice(choice, tools), parallel, null, adaptiveEffort(body), null,
                metadata == null ? null : Fields.string(metadata, "user_id", "metadata.user_id"),
                null, null, null, null, null, Map.of(),
                Fields.integer(body, "top_k", "top_k", 0, Integer.MAX_VALUE),
                thinkingBudget(body),
                // Anthropic's fast mode is the gateway's "fast" service tier on every provider
                "fast".equals(Fields.string(body, "speed", "speed")) ? "fast" : null,
                Fields.string(body, "inference_geo", "inference_geo"), null);
        ObjectNode sent = (ObjectNode) body;
        Message in = exchange.getIn();
        inbound.withPlan(resolver.plan(model, models)).withChat(neutral)
                .withNativeRequest(new NativeRequest("anthropic", sent, in.getHeader("anthropic-version", String.class),
                        in.getHeader("anthropic-beta", String.class), List.copyOf(untranslatable), List.of()))
                .putOn(exchange);
        msg.setBody(null);
    }

    /**
     * A bare Anthropic model name ({@code claude-…}, no provider prefix) names the anthropic
     * provider; the catalog resolves dated snapshots through its aliases.
     */
    static String modelId(String name) {
        if (name == null || name.indexOf('/') >= 0) {
            return name;
        }
        return "anthropic/" + name;
    }

    private static ToolChoice toolChoice(JsonNode choice, List<Tool> tools) {
        if (choice == null) {
            return null;
        }
        String type = Fields.string(choice, "type", "tool_choice.type");
        return switch (type == null ? "" : type) {
            case "auto" -> ToolChoice.AUTO;
            case "any" -> ToolChoice.REQUIRED;
            case "none" -> ToolChoice.NONE;
            case "tool" -> {
                String name = Fields.string(choice, "name", "tool_choice.name");
                if (name == null || tools.stream().noneMatch(t -> t.name().equals(name))) {
                    throw GatewayException.badRequest("tool_choice.name",
                            "tool_choice.name: must name one of the request's tools");
                }
                yield ToolChoice.named(name);
            }
            default -> throw GatewayException.badRequest("tool_choice.type",
                    "tool_choice.type: must be one of 'auto', 'any', 'tool' or 'none'");
        };
    }

    /**
     * The reasoning effort of adaptive thinking ({@code thinking.type: adaptive}, the mode Claude Code
     * sends to models it does not know): {@code output_config.effort}, with {@code max} (and
     * {@code xhigh}) as the other dialects' highest, {@code high}. Null when thinking is not
     * adaptive or no effort is named: the provider's default. Effort levels:
     * https://platform.claude.com/docs/en/build-with-claude/effort
     */
    private static String adaptiveEffort(JsonNode body) {
        JsonNode thinking = body.get("thinking");
        if (thinking == null || !"adaptive".equals(thinking.path("type").asText())) {
            return null;
        }
        JsonNode config = Fields.object(body, "output_config", "output_config");
        String effort = config == null ? null : Fields.string(config, "effort", "output_config.effort");
        if (effort == null) {
            return null;
        }
        return switch (effort) {
            case "low", "medium", "high" -> effort;
            case "max", "xhigh" -> "high";
            default -> throw GatewayException.badRequest("output_config.effort",
                    "output_config.effort: must be 'low', 'medium', 'high' or 'max'");
        };
    }

    /** {@code thinking.budget_tokens} when thinking is enabled, 0 when disabled, null when not set or adaptive. */
    private static Integer thinkingBudget(JsonNode body) {
        JsonNode thinking = Fields.object(body, "thinking", "thinking");
        if (thinking == null) {
            return null;
        }
        String type = Fields.string(thinking, "type", "thinking.type");
        // between_tools: Sonnet 5.5's off switch for up-front thinking
        // (platform.claude.com/docs/en/models/sonnet-5-5/whats-new-sonnet-5-5)
        if ("disabled".equals(type) || "between_tools".equals(type)) {
            return 0;
        }
        if ("adaptive".equals(type)) {
            return null; // the model decides; output_config.effort says how hard (adaptiveEffort)
        }
        if (!"enabled".equals(type)) {
            throw GatewayException.badRequest("thinking.type",
                    "thinking.type: must be 'enabled', 'adaptive', 'disabled' or 'between_tools'");
        }
        Integer budget = Fields.integer(thinking, "budget_tokens", "thinking.budget_tokens", 1024, Integer.MAX_VALUE);
        if (budget == null) {
            throw GatewayException.badRequest("thinking.budget_tokens", "thinking.budget_tokens: Field required");
        }
        return budget;
    }
}
