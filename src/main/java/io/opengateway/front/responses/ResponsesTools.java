package io.opengateway.front.responses;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.opengateway.edge.Fields;
import io.opengateway.error.GatewayException;
import io.opengateway.model.Tool;
import io.opengateway.model.ToolChoice;
import io.opengateway.model.WebSearch;

/**
 * A Responses request's {@code tools} as neutral function tools, and the way back from a tool
 * call's flat name to what the client declared. {@code function} tools map as they are;
 * {@code custom} (freeform) tools become a function of one string argument, {@value #INPUT} (a
 * grammar the input must follow is told to the model in the description: no other provider can
 * enforce one), and their calls go back as {@code custom_tool_call} items; the functions of a
 * {@code namespace} (Codex groups MCP tools so) are flattened to {@code <namespace>__<name>} and
 * their calls go back with {@code namespace} and the inner name. {@code web_search} (and
 * {@code web_search_preview}) becomes the neutral web search; every other built-in tool has no
 * counterpart elsewhere and is left out under the dropped-parameters policy.
 */
final class ResponsesTools {

    static final String INPUT = "input";
    static final String NAMESPACE_SEPARATOR = "__";

    /** What a flat tool name stands for: the client's name, its namespace (or null), whether it is custom. */
    record Origin(String namespace, String name, boolean custom) {
    }

    private final List<Tool> tools = new ArrayList<>();
    private final Map<String, Origin> origins = new LinkedHashMap<>();
    private WebSearch webSearch;

    /** Reads {@code tools}; the built-in tools without a counterpart go to {@code droppable}. */
    static ResponsesTools read(JsonNode body, List<String> droppable) {
        ResponsesTools out = new ResponsesTools();
        JsonNode list = Fields.array(body, "tools", "tools");
        if (list == null) {
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            out.add(list.get(i), "tools[" + i + "]", null, droppable);
        }
        return out;
    }

    /** Only the tool definitions, for a request that is not parsed further (the answer's writer). */
    static ResponsesTools of(JsonNode body) {
        try {
            return read(body, new ArrayList<>());
        } catch (GatewayException e) {
            return new ResponsesTools();
        }
    }

    private void add(JsonNode t, String at, String namespace, List<String> droppable) {
        if (!t.isObject()) {
            throw GatewayException.badRequest(at, "'" + at + "' must be a tool object.");
        }
        String type = Fields.string(t, "type", at + ".type");
        switch (type == null ? "" : type) {
            case "function" -> function(t, at, namespace, false);
            case "custom" -> function(t, at, namespace, true);
            case "namespace" -> {
                String ns = required(t, "name", at);
                JsonNode inner = Fields.array(t, "tools", at + ".tools");
                for (int j = 0; inner != null && j < inner.size(); j++) {
                    String innerAt = at + ".tools[" + j + "]";
                    String innerType = inner.get(j).path("type").asText("");
                    if (!innerType.equals("function") && !innerType.equals("custom")) {
                        throw GatewayException.badRequest(innerAt + ".type",
                                "'" + innerAt + ".type' must be 'function' or 'custom' inside a namespace.");
                    }
                    add(inner.get(j), innerAt, ns, droppable);
                }
            }
            case "web_search", "web_search_2025_08_26", "web_search_preview", "web_search_preview_2025_03_11" ->
                    webSearch = webSearch(t, at);
            case "" -> throw GatewayException.badRequest(at + ".type", "'" + at + ".type' is required.");
            default -> droppable.add(type); // file_search, code_interpreter, mcp, ...: OpenAI's own servers
        }
    }

    private void function(JsonNode t, String at, String namespace, boolean custom) {
        String name = required(t, "name", at);
        String flat = namespace == null ? name : namespace + NAMESPACE_SEPARATOR + name;
        if (origins.containsKey(flat)) {
            throw GatewayException.badRequest(at + ".name", "'" + at + ".name': the tool name '" + flat
                    + "' is declared twice (namespaced tools are named <namespace>" + NAMESPACE_SEPARATOR + "<name>).");
        }
        String description = Fields.string(t, "description", at + ".description");
        JsonNode parameters;
        Boolean strict = null;
        if (custom) {
            description = customDescription(description, Fields.object(t, "format", at + ".format"));
            parameters = customParameters();
        } else {
            parameters = t.hasNonNull("parameters") ? Fields.object(t, "parameters", at + ".parameters") : null;
            strict = Fields.bool(t, "strict", at + ".strict");
        }
        origins.put(flat, new Origin(namespace, name, custom));
        tools.add(new Tool(flat, description, parameters, strict));
    }

    private static String customDescription(String description, JsonNode format) {
        if (format == null || !"grammar".equals(format.path("type").asText())) {
            return description;
        }
        String grammar = "Write the input in this " + format.path("syntax").asText("lark") + " grammar:\n"
                + format.path("definition").asText("");
        return description == null ? grammar : description + "\n\n" + grammar;
    }

    private static ObjectNode customParameters() {
        ObjectNode schema = JsonNodeFactory.instance.objectNode().put("type", "object");
        schema.putObject("properties").putObject(INPUT).put("type", "string")
                .put("description", "The tool's whole input, as free text.");
        schema.putArray("required").add(INPUT);
        schema.put("additionalProperties", false);
        return schema;
    }

    private static WebSearch webSearch(JsonNode t, String at) {
        JsonNode filters = Fields.object(t, "filters", at + ".filters");
        List<String> domains = filters == null ? null
                : Fields.strings(filters, "allowed_domains", at + ".filters.allowed_domains");
        JsonNode loc = Fields.object(t, "user_location", at + ".user_location");
        if (loc == null) {
            return new WebSearch(domains, null, null, null, null);
        }
        return new WebSearch(domains, Fields.string(loc, "city", at + ".user_location.city"),
                Fields.string(loc, "region", at + ".user_location.region"),
                Fields.string(loc, "country", at + ".user_location.country"),
                Fields.string(loc, "timezone", at + ".user_location.timezone"));
    }

    private static String required(JsonNode t, String field, String at) {
        String v = Fields.string(t, field, at + "." + field);
        if (v == null || v.isEmpty()) {
            throw GatewayException.badRequest(at + "." + field, "'" + at + "." + field + "' is required.");
        }
        return v;
    }

    List<Tool> tools() {
        return tools;
    }

    WebSearch webSearch() {
        return webSearch;
    }

    /** What a flat name stands for; a name the client never declared stands for itself. */
    Origin origin(String flat) {
        Origin o = origins.get(flat);
        return o != null ? o : new Origin(null, flat, false);
    }

    /** The flat name of a call the client sends back ({@code namespace} may be null). */
    String flat(String namespace, String name) {
        return namespace == null || namespace.isEmpty() ? name : namespace + NAMESPACE_SEPARATOR + name;
    }

    /**
     * {@code tool_choice}: {@code auto}, {@code none}, {@code required}, one function or custom tool
     * by name (and namespace), or {@code allowed_tools} (the tools list is cut to those, with their
     * mode). A built-in tool forced by type has no counterpart and is refused by name.
     */
    ToolChoice toolChoice(JsonNode body, List<String> untranslatable) {
        JsonNode c = body.get("tool_choice");
        if (c == null || c.isNull()) {
            return null;
        }
        if (c.isTextual()) {
            return switch (c.asText()) {
                case "auto" -> ToolChoice.AUTO;
                case "none" -> ToolChoice.NONE;
                case "required" -> ToolChoice.REQUIRED;
                default -> throw GatewayException.badRequest("tool_choice",
                        "'tool_choice' must be 'auto', 'none', 'required' or a tool object.");
            };
        }
        String type = c.path("type").asText("");
        switch (type) {
            case "function", "custom" -> {
                String flat = flat(c.path("namespace").asText(null), c.path("name").asText(""));
                if (!origins.containsKey(flat)) {
                    throw GatewayException.badRequest("tool_choice.name",
                            "'tool_choice.name' must name one of the request's tools.");
                }
                return ToolChoice.named(flat);
            }
            case "allowed_tools" -> {
                List<String> allowed = new ArrayList<>();
                for (JsonNode t : c.path("tools")) {
                    allowed.add(flat(t.path("namespace").asText(null), t.path("name").asText("")));
                }
                tools.removeIf(t -> !allowed.contains(t.name()));
                return "required".equals(c.path("mode").asText()) ? ToolChoice.REQUIRED : ToolChoice.AUTO;
            }
            default -> {
                untranslatable.add("tool_choice (the built-in tool '" + type + "')");
                return null;
            }
        }
    }
}
