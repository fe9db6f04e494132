package io.opengateway.dialect.gemini;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.opengateway.catalog.CatalogEntry;
import io.opengateway.dialect.Efforts;
import io.opengateway.dialect.ServiceModes;
import io.opengateway.error.GatewayException;
import io.opengateway.model.ChatRequest;
import io.opengateway.model.ResponseFormat;
import io.opengateway.model.Tool;
import io.opengateway.model.ToolChoice;

/**
 * A Chat Completions request as a Gemini {@code GenerateContentRequest}. What differs per model
 * comes from the catalog's capabilities: {@code thinking_budget} (2.5) or {@code thinking_level}
 * (3.x) for reasoning, {@code thinking_required} for models that cannot stop thinking,
 * {@code thought_signatures} with {@code thinking_level} (Gemini 3, which enforces signatures) for
 * signature placeholders, {@code single_candidate} for models that refuse {@code candidateCount}
 * above 1, and {@code openapi_response_schema} for models that take schemas (structured output,
 * tool parameters) only in Gemini's OpenAPI form rather than as JSON Schema.
 *
 * <p>{@code reasoning_effort}, documented mapping: on 2.5 models {@code thinkingBudget} none 0,
 * minimal 512, low 1024, medium 8192, high and xhigh 24576 (budgets every 2.5 model accepts); none
 * on a model that cannot stop thinking (2.5 Pro) is its lowest budget, 128. On models with levels
 * (3.x, 4) {@code thinkingLevel} is the level of the model's catalog {@code efforts} nearest the
 * effort ({@link io.opengateway.dialect.Efforts}); an entry without {@code efforts} gets low for
 * none, minimal and low, high for the rest. A budget never goes with a level (Gemini's 400).
 * On {@code sampling_refused} models (Gemini 4, which ignores temperature, topP and topK and
 * refuses the penalties) the dropped-params policy has left those parameters out before this
 * body is written. Thinking models are asked to {@code includeThoughts}, returned
 * as {@code reasoning_content}, unless the effort is none.
 *
 * <p>Refused with a 400 naming the parameter, as Gemini cannot honour them and would change the
 * answer: {@code n} above 1 on a {@code single_candidate} model, and {@code parallel_tool_calls:
 * false} with tools the model may call (Gemini has no way to forbid parallel calls), and a
 * {@code service_tier} or {@code inference_geo} other than the standard ones (the gateway does not
 * select Gemini's processing tiers or regions, so it would not bill them). {@code user},
 * {@code metadata} and {@code parallel_tool_calls} otherwise have no Gemini equivalent and are
 * dropped.
 */
final class GeminiRequest {

    static final String PROVIDER = "google";
    /** The lowest thinking budget of a 2.5 model that cannot stop thinking (2.5 Pro: 128 to 32768). */
    static final int LOWEST_REQUIRED_BUDGET = 128;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private GeminiRequest() {
    }

    static ObjectNode body(ChatRequest req, CatalogEntry model) {
        ServiceModes.standardOnly(req.serviceTier(), PROVIDER);
        ServiceModes.noRegion(req.inferenceGeo(), PROVIDER);
        ObjectNode body = F.objectNode();
        GeminiContents.write(req.messages(), model.id(), model.has("thinking_level") && model.has("thought_signatures"),
                body);
        tools(req, model, body);
        ObjectNode config = generationConfig(req, model);
        if (!config.isEmpty()) {
            body.set("generationConfig", config);
        }
        return body;
    }

    private static void tools(ChatRequest req, CatalogEntry model, ObjectNode body) {
        if (req.webSearch() != null) {
            // Google Search grounding: Gemini searches and answers from what it found
            // (ai.google.dev/gemini-api/docs/google-search); it takes no domain or location settings
            body.putArray("tools").addObject().putObject("google_search");
        }
        if (!req.hasTools()) {
            return;
        }
        ToolChoice choice = req.toolChoice();
        boolean mayCall = choice == null || choice.mode() != ToolChoice.Mode.NONE;
        if (Boolean.FALSE.equals(req.parallelToolCalls()) && mayCall) {
            throw GatewayException.unsupported("parallel_tool_calls", PROVIDER, "'parallel_tool_calls: false' cannot "
                    + "be honoured: Gemini may answer with several function calls and has no way to forbid it");
        }
        ArrayNode toolList = body.has("tools") ? (ArrayNode) body.get("tools") : body.putArray("tools");
        ArrayNode decls = toolList.addObject().putArray("functionDeclarations");
        for (int i = 0; i < req.tools().size(); i++) {
            Tool t = req.tools().get(i);
            ObjectNode d = decls.addObject();
            d.put("name", t.name());
            if (t.description() != null) {
                d.put("description", t.description());
            }
            if (t.parameters() != null) {
                GeminiSchemas.parameters(t.parameters(), "tools[" + i + "].function.parameters",
                        !model.has("openapi_response_schema"), d);
            }
        }
        if (choice != null) {
            ObjectNode fc = body.putObject("toolConfig").putObject("functionCallingConfig");
            switch (choice.mode()) {
                case NONE -> fc.put("mode", "NONE");
                case REQUIRED -> fc.put("mode", "ANY");
                case NAMED -> {
                    fc.put("mode", "ANY");
                    fc.putArray("allowedFunctionNames").add(choice.name());
                }
                default -> fc.put("mode", "AUTO");
            }
        }
    }

    private static ObjectNode generationConfig(ChatRequest req, CatalogEntry model) {
        ObjectNode c = F.objectNode();
        if (req.maxTokens() != null) {
            c.put("maxOutputTokens", req.maxTokens());
        }
        if (req.temperature() != null) {
            c.put("temperature", req.temperature());
        }
        if (req.topP() != null) {
            c.put("topP", req.topP());
        }
        if (!req.stop().isEmpty()) {
            ArrayNode stop = c.putArray("stopSequences");
            req.stop().forEach(stop::add);
        }
        if (req.seed() != null) {
            if (req.seed() < Integer.MIN_VALUE || req.seed() > Integer.MAX_VALUE) {
                throw GatewayException.unsupported("seed", PROVIDER, "'seed' must fit in 32 bits for Gemini");
            }
            c.put("seed", req.seed().intValue());
        }
        if (req.presencePenalty() != null) {
            c.put("presencePenalty", req.presencePenalty());
        }
        if (req.frequencyPenalty() != null) {
            c.put("frequencyPenalty", req.frequencyPenalty());
        }
        if (req.n() != null) {
            if (req.n() > 1 && model.has("single_candidate")) {
                throw GatewayException.unsupported("n", PROVIDER, "'n' above 1 is not supported by the model '"
                        + model.id() + "': one choice per request");
            }
            c.put("candidateCount", req.n());
        }
        logprobs(req, c);
        responseFormat(req.responseFormat(), model, c);
        thinking(req.effort(), model, c);
        if (req.thinkingBudget() != null && req.thinkingBudget() > 0 && budgetThinking(model)) {
            ((ObjectNode) c.get("thinkingConfig")).put("thinkingBudget", req.thinkingBudget()); // the exact budget
        }
        if (req.topK() != null) {
            c.put("topK", req.topK());
        }
        return c;
    }

    private static void logprobs(ChatRequest req, ObjectNode c) {
        boolean on = Boolean.TRUE.equals(req.logprobs());
        if (req.topLogprobs() != null && !on) {
            throw GatewayException.badRequest("top_logprobs", "'top_logprobs' needs 'logprobs' set to true.");
        }
        if (on) {
            c.put("responseLogprobs", true);
            if (req.topLogprobs() != null) {
                c.put("logprobs", req.topLogprobs());
            }
        }
    }

    private static void responseFormat(ResponseFormat f, CatalogEntry model, ObjectNode c) {
        if (f == null || !f.isJson()) {
            return;
        }
        c.put("responseMimeType", "application/json");
        if (f.type() == ResponseFormat.Type.JSON_SCHEMA && f.schema() != null) {
            if (model.has("openapi_response_schema")) {
                c.set("responseSchema", GeminiSchemas.clean(f.schema(), "response_format.json_schema.schema"));
            } else {
                c.set("responseJsonSchema", f.schema());
            }
        }
    }

    private static void thinking(String effort, CatalogEntry model, ObjectNode c) {
        boolean level = model.has("thinking_level");
        boolean budget = budgetThinking(model);
        if (!budget && !level) {
            if (effort != null && !effort.equals("none")) {
                throw GatewayException.unsupported("reasoning_effort", PROVIDER,
                        "The model '" + model.id() + "' does not reason, so 'reasoning_effort' cannot be honoured");
            }
            return;
        }
        ObjectNode t = c.putObject("thinkingConfig");
        if (effort != null && budget) {
            // none on a model that cannot stop thinking: as little as it can (the meaning kept)
            t.put("thinkingBudget", effort.equals("none") && model.has("thinking_required")
                    ? LOWEST_REQUIRED_BUDGET : thinkingBudget(effort));
        } else if (effort != null) {
            t.put("thinkingLevel", model.efforts().isEmpty() ? thinkingLevel(effort) : level(effort, model));
        }
        if (!"none".equals(effort)) {
            t.put("includeThoughts", true);
        }
    }

    /** Budgets only where the model has no levels: Gemini refuses a request with both (400). */
    private static boolean budgetThinking(CatalogEntry model) {
        return model.has("thinking_budget") && !model.has("thinking_level");
    }

    /**
     * The model's level nearest the effort asked (its catalog {@code efforts} are its thinkingLevel
     * values): none is the lowest it takes (Gemini 3 and 4 cannot stop thinking), max the highest.
     */
    static String level(String effort, CatalogEntry model) {
        return Efforts.nearest(effort, model);
    }

    static int thinkingBudget(String effort) {
        return switch (effort) {
            case "none" -> 0;
            case "minimal" -> 512;
            case "low" -> 1024;
            case "medium" -> 8192;
            default -> 24576;
        };
    }

    static String thinkingLevel(String effort) {
        return switch (effort) {
            case "none", "minimal", "low" -> "low";
            default -> "high";
        };
    }
}
