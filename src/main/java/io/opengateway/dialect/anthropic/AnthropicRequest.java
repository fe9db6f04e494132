package io.opengateway.dialect.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.opengateway.catalog.CatalogEntry;
import io.opengateway.dialect.ServiceModes;
import io.opengateway.error.GatewayException;
import io.opengateway.model.ChatRequest;
import io.opengateway.model.ResponseFormat;
import io.opengateway.model.Tool;
import io.opengateway.model.ToolChoice;
import io.opengateway.model.WebSearch;

/**
 * A Chat Completions request as a Messages API body. What Anthropic cannot honour and would change
 * the answer ({@code n > 1}, log probabilities, penalties, a temperature above 1, both temperature
 * and top_p on a model that takes one) is refused by name before anything is sent; {@code seed} and
 * OpenAI's {@code metadata} are dropped as harmless. {@code service_tier} {@code fast} (or
 * {@code priority}) asks for fast mode, {@code speed: "fast"}; {@code inference_geo} goes on as
 * sent. Anthropic reports both back in {@code usage} ({@code speed}, {@code inference_geo}), and
 * billing prices what it reports (platform.claude.com/docs/en/build-with-claude/fast-mode,
 * .../manage-claude/data-residency).
 */
final class AnthropicRequest {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** The web search server tool's version (platform.claude.com/docs/en/agents-and-tools/tool-use/web-search-tool). */
    static final String WEB_SEARCH_TOOL = "web_search_20250305";

    private AnthropicRequest() {
    }

    static ObjectNode body(ChatRequest req, CatalogEntry model, String provider) {
        refuseUnsupported(req, provider);
        AnthropicMessages.Converted converted = AnthropicMessages.convert(req.messages(), model.id(), provider);
        ObjectNode body = F.objectNode();
        body.put("model", model.upstreamModel());
        JsonOutput.Mode json = JsonOutput.mode(req, model);
        if (json == JsonOutput.Mode.INSTRUCTED) {
            converted.system().add(text(JsonOutput.instruction(req.responseFormat())));
        }
        if (!converted.system().isEmpty()) {
            body.set("system", converted.system());
        }
        body.set("messages", converted.messages());
        boolean forcedTool = tools(body, req, model, provider);
        if (json == JsonOutput.Mode.NATIVE) {
            ObjectNode format = outputConfig(body).putObject("format");
            format.put("type", "json_schema");
            format.set("schema", req.responseFormat().schema());
        }
        // Anthropic refuses thinking with a forced tool (the tool wins), and in a tool loop whose
        // assistant turn came back without its signed thinking (it would reject the turn): there,
        // this request goes without thinking rather than fail
        boolean mustNotThink = forcedTool || converted.lastToolTurnUnsigned();
        AdaptiveThinking.Settings adaptive = model.has("adaptive_thinking")
                ? AdaptiveThinking.of(req.reasoningEffort(), model, mustNotThink) : AdaptiveThinking.Settings.NONE;
        Integer budget = mustNotThink || !model.has("thinking") || model.has("adaptive_thinking")
                ? null : Thinking.budget(req.reasoningEffort());
        // max_tokens is required by Anthropic: without the client's, the model's output limit
        Thinking.Plan plan = Thinking.plan(budget, req.maxTokens(), model.maxOutputTokens());
        body.put("max_tokens", plan.maxTokens());
        if (plan.budget() != null) {
            ObjectNode thinking = body.putObject("thinking");
            thinking.put("type", "enabled");
            thinking.put("budget_tokens", plan.budget());
        } else if (adaptive.thinking() != null) {
            body.set("thinking", adaptive.thinking());
        }
        if (adaptive.effort() != null) {
            outputConfig(body).put("effort", adaptive.effort());
        }
        sampling(body, req, model, provider, plan.budget() != null || adaptive.thinks());
        if (!req.stop().isEmpty()) {
            ArrayNode stops = body.putArray("stop_sequences");
            for (String s : req.stop()) {
                if (s.isBlank()) {
                    throw GatewayException.unsupported("stop", provider,
                            "'stop' sequences must contain a character other than white space");
                }
                stops.add(s);
            }
        }
        if (req.user() != null) {
            body.putObject("metadata").put("user_id", req.user());
        }
        if (ServiceModes.fast(req.serviceTier())) {
            body.put("speed", "fast");
        } else {
            ServiceModes.standardOnly(req.serviceTier(), provider);
        }
        if (req.inferenceGeo() != null) {
            body.put("inference_geo", req.inferenceGeo());
        }
        if (req.stream()) {
            body.put("stream", true);
        }
        return body;
    }

    private static void refuseUnsupported(ChatRequest req, String provider) {
        if (req.n() != null && req.n() > 1) {
            throw GatewayException.unsupported("n", provider, "'n' above 1 is not supported: one choice per request");
        }
        if (Boolean.TRUE.equals(req.logprobs())) {
            throw GatewayException.unsupported("logprobs", provider, "'logprobs' is not supported");
        }
        if (req.topLogprobs() != null && req.topLogprobs() > 0) {
            throw GatewayException.unsupported("top_logprobs", provider, "'top_logprobs' is not supported");
        }
        if (req.presencePenalty() != null && req.presencePenalty() != 0) {
            throw GatewayException.unsupported("presence_penalty", provider, "'presence_penalty' is not supported");
        }
        if (req.frequencyPenalty() != null && req.frequencyPenalty() != 0) {
            throw GatewayException.unsupported("frequency_penalty", provider, "'frequency_penalty' is not supported");
        }
    }

    private static void sampling(ObjectNode body, ChatRequest req, CatalogEntry model, String provider,
            boolean thinking) {
        Double t = req.temperature();
        Double topP = req.topP();
        if (t != null && topP != null && model.has("temperature_or_top_p")) {
            // these models take one of the two; a value that samples as if unset (Anthropic's default
            // temperature 1, or top_p 1, which cuts nothing off) can go, any other pair is refused
            if (topP == 1) {
                topP = null;
            } else if (t == 1) {
                t = null;
            } else {
                throw GatewayException.unsupported("top_p", provider,
                        "'temperature' and 'top_p' cannot both be set for this model: set one of them");
            }
        }
        if (t != null) {
            if (t > 1) {
                throw GatewayException.unsupported("temperature", provider,
                        "'temperature' must be a number from 0 to 1 on this provider");
            }
            if (thinking && t != 1) {
                throw GatewayException.unsupported("temperature", provider,
                        "'temperature' must be 1 or unset when 'reasoning_effort' turns on extended thinking");
            }
            body.put("temperature", t);
        }
        if (topP != null) {
            if (thinking && topP < 0.95) {
                throw GatewayException.unsupported("top_p", provider,
                        "'top_p' must be from 0.95 to 1 or unset when 'reasoning_effort' turns on extended thinking");
            }
            body.put("top_p", topP);
        }
    }

    /** Writes {@code tools} and {@code tool_choice}; returns whether the model is forced to call a tool. */
    private static boolean tools(ObjectNode body, ChatRequest req, CatalogEntry model, String provider) {
        ArrayNode tools = F.arrayNode();
        for (Tool t : req.tools()) {
            tools.add(tool(t.name(), t.description(), t.parameters(), Boolean.TRUE.equals(t.strict())
                    && model.has("structured_outputs")));
        }
        if (req.webSearch() != null) {
            tools.add(webSearch(req.webSearch()));
        }
        ToolChoice choice = req.toolChoice();
        if (choice != null && req.hasTools() && model.has("forced_tool_use_refused")
                && (choice.mode() == ToolChoice.Mode.REQUIRED || choice.mode() == ToolChoice.Mode.NAMED)) {
            throw forcedToolRefused(choice, model, provider);
        }
        ObjectNode tc = choice == null ? null : toolChoice(choice);
        String jsonTool = JsonOutput.toolName(req, model);
        if (jsonTool != null) {
            ResponseFormat f = req.responseFormat();
            tools.add(tool(jsonTool, JsonOutput.description(f), f.schema(), false));
            boolean clientMayCall = req.hasTools() && (choice == null || choice.mode() != ToolChoice.Mode.NONE);
            if (choice == null || choice.mode() != ToolChoice.Mode.NAMED) {
                // with client tools the model must call one of them or answer through the JSON tool
                tc = clientMayCall ? choiceOf("any") : toolChoice(ToolChoice.named(jsonTool));
            }
        }
        if (tools.isEmpty()) {
            return false; // an empty tools list (and its tool_choice) is not forwarded
        }
        body.set("tools", tools);
        if (Boolean.FALSE.equals(req.parallelToolCalls())) {
            if (tc == null) {
                tc = choiceOf("auto");
            }
            if (!tc.path("type").asText().equals("none")) {
                tc.put("disable_parallel_tool_use", true);
            }
        }
        if (tc == null) {
            return false;
        }
        body.set("tool_choice", tc);
        String type = tc.path("type").asText();
        return type.equals("any") || type.equals("tool");
    }

    /**
     * {@code tool_choice} {@code required} or a named function on a model that refuses forced tool
     * use (Anthropic answers 400: platform.claude.com/docs/en/models/opus-5-5/whats-new-opus-5-5). Not
     * loosened to {@code auto} behind the client's back: a client that forces a tool relies on the
     * call, so it is told why and what to send instead.
     */
    private static GatewayException forcedToolRefused(ToolChoice choice, CatalogEntry model, String provider) {
        String asked = choice.mode() == ToolChoice.Mode.REQUIRED ? "'required'" : "a named function";
        return GatewayException.unsupported("tool_choice", provider, "'tool_choice' " + asked + " forces a tool "
                + "call, which the model '" + model.id() + "' refuses; send 'auto' (the model still calls a tool "
                + "when one fits, and the tool descriptions can say when) or choose a model that allows forced tool use");
    }

    private static ObjectNode outputConfig(ObjectNode body) {
        return body.has("output_config") ? (ObjectNode) body.get("output_config") : body.putObject("output_config");
    }

    private static ObjectNode text(String text) {
        ObjectNode b = F.objectNode();
        b.put("type", "text");
        b.put("text", text);
        return b;
    }

    private static ObjectNode tool(String name, String description, JsonNode schema, boolean strict) {
        ObjectNode t = F.objectNode();
        t.put("name", name);
        if (description != null) {
            t.put("description", description);
        }
        ObjectNode input = schema != null && schema.isObject() ? ((ObjectNode) schema).deepCopy() : F.objectNode();
        if (!input.has("type")) {
            input.put("type", "object");
        }
        if (schema == null) {
            input.putObject("properties");
        }
        t.set("input_schema", input);
        if (strict) {
            t.put("strict", true);
        }
        return t;
    }

    /**
     * Anthropic's web search server tool: Anthropic runs the searches and the answer cites them
     * (https://platform.claude.com/docs/en/agents-and-tools/tool-use/web-search-tool). Allowed
     * domains and the approximate location carry over.
     */
    private static ObjectNode webSearch(WebSearch ws) {
        ObjectNode t = F.objectNode();
        t.put("type", WEB_SEARCH_TOOL);
        t.put("name", "web_search");
        if (!ws.allowedDomains().isEmpty()) {
            ws.allowedDomains().forEach(t.putArray("allowed_domains")::add);
        }
        if (ws.hasLocation()) {
            ObjectNode loc = t.putObject("user_location");
            loc.put("type", "approximate");
            putIfSet(loc, "city", ws.city());
            putIfSet(loc, "region", ws.region());
            putIfSet(loc, "country", ws.country());
            putIfSet(loc, "timezone", ws.timezone());
        }
        return t;
    }

    private static void putIfSet(ObjectNode n, String field, String value) {
        if (value != null) {
            n.put(field, value);
        }
    }

    private static ObjectNode toolChoice(ToolChoice choice) {
        switch (choice.mode()) {
            case NONE:
                return choiceOf("none");
            case REQUIRED:
                return choiceOf("any");
            case NAMED:
                ObjectNode named = choiceOf("tool");
                named.put("name", choice.name());
                return named;
            default:
                return choiceOf("auto");
        }
    }

    private static ObjectNode choiceOf(String type) {
        ObjectNode tc = F.objectNode();
        tc.put("type", type);
        return tc;
    }
}
