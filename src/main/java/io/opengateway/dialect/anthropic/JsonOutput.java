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
 *
 * <p>A model that refuses forced tool use ({@code forced_tool_use_refused}) cannot be made to call
 * the answer tool, so there any schema native output takes goes native, strict or not (native
 * output only narrows what a non-strict schema allows), and the rest ({@code json_object}, a schema
 * with keywords native output lacks) is asked for in a system instruction: an approximation, the
 * model is told but not constrained.
 */
final class JsonOutput {

    enum Mode { NONE, NATIVE, TOOL, INSTRUCTED }

    static final String TOOL_NAME = "json_response";

    private JsonOutput() {
    }

    static Mode mode(ChatRequest req, CatalogEntry model) {
        ResponseFormat f = req.responseFormat();
        if (f == null || !f.isJson()) {
            return Mode.NONE;
        }
        boolean unforceable = model.has("forced_tool_use_refused");
        if (f.type() == ResponseFormat.Type.JSON_SCHEMA && (Boolean.TRUE.equals(f.strict()) || unforceable)
                && model.has("structured_outputs") && NativeSchema.accepts(f.schema())) {
            return Mode.NATIVE;
        }
        return unforceable ? Mode.INSTRUCTED : Mode.TOOL;
    }

    /** The system instruction that asks for the JSON where nothing can enforce it. */
    static String instruction(ResponseFormat f) {
        String what = f.type() == ResponseFormat.Type.JSON_SCHEMA && f.schema() != null
                ? "a single JSON value that is valid against this JSON Schema"
                        + (f.name() == null ? "" : " (" + f.name() + ")") + ": " + f.schema()
                : "a single JSON object";
        return "Answer with JSON only, " + what + ". Write no other text, no explanation and no code fences.";
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
