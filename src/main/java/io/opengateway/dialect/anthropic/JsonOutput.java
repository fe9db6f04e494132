package io.opengateway.dialect.anthropic;

import io.opengateway.catalog.CatalogEntry;
import io.opengateway.model.ChatRequest;
import io.opengateway.model.ResponseFormat;
import io.opengateway.model.Tool;

/**
 * How a {@code response_format} that asks for JSON is honoured. A {@code json_schema} with
 * {@code strict: true} goes to Anthropic's native structured output ({@code output_config.format})
 * on models with the {@code structured_outputs} capability, when its schema is one native output
 * takes ({@link NativeSchema}). Everything else becomes a tool the model is made to call, whose
 * input is the answer: older models; a non-strict schema, which asks for no guarantee and is
 * usually written without the {@code additionalProperties: false} on every object that native
 * output insists on (it would answer 400); a strict schema with keywords native output lacks; and
 * {@code json_object}, whose permissive schema native output cannot take. Either way the client
 * gets the JSON as the message's text, never as a tool call. Both mappers derive the decision
 * from the same request, so the response side knows which tool call is the answer.
 */
final class JsonOutput {

    enum Mode { NONE, NATIVE, TOOL }

    static final String TOOL_NAME = "json_response";

    private JsonOutput() {
    }

    static Mode mode(ChatRequest req, CatalogEntry model) {
        ResponseFormat f = req.responseFormat();
        if (f == null || !f.isJson()) {
            return Mode.NONE;
        }
        if (f.type() == ResponseFormat.Type.JSON_SCHEMA && Boolean.TRUE.equals(f.strict())
                && model.has("structured_outputs") && NativeSchema.accepts(f.schema())) {
            return Mode.NATIVE;
        }
        return Mode.TOOL;
    }

    /** The answer tool's name, unlike every client tool's; null when the answer is not a tool call. */
    static String toolName(ChatRequest req, CatalogEntry model) {
        if (mode(req, model) != Mode.TOOL) {
            return null;
        }
        String name = TOOL_NAME;
        while (taken(req, name)) {
            name = "_" + name;
        }
        return name;
    }

    static String description(ResponseFormat f) {
        return "Give your final answer by calling this tool: its input is the answer"
                + (f.name() == null ? "" : " (" + f.name() + ")") + ".";
    }

    private static boolean taken(ChatRequest req, String name) {
        for (Tool t : req.tools()) {
            if (t.name().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
