package io.opengateway.dialect.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.opengateway.catalog.CatalogEntry;
import io.opengateway.dialect.Efforts;
import io.opengateway.model.ChatRequest;

/**
 * OpenAI's rules for reasoning models, from the catalog's flags and {@code efforts}
 * (developers.openai.com/api/docs/guides/latest-model, checked 2026-12-07):
 * <ul>
 *   <li>an effort the model does not accept is sent as the nearest one it does ({@link Efforts});</li>
 *   <li>when the model reasons (an effort other than {@code none} was asked, or the model cannot be
 *       asked for {@code none}, or the catalog flags it {@code sampling_refused}),
 *       {@code temperature}, {@code top_p}, {@code logprobs} and {@code top_logprobs} (and the
 *       penalties) are refused by OpenAI: the gateway's dropped-params policy
 *       ({@link io.opengateway.dialect.DroppedParams}) leaves them out, or refuses the request when
 *       so set ({@link #reasons}). An omitted effort is the model's default and keeps them;</li>
 *   <li>{@code max_tokens} goes as {@code max_completion_tokens} where the model refuses the old
 *       name ({@code max_tokens_refused}, GPT-6);</li>
 *   <li>function tools with an effort other than {@code none} ({@code tools_need_responses}, GPT-5.4
 *       and later), or any function tools ({@code tools_only_responses}, the models that refuse
 *       {@code none}), go to the Responses API: Chat Completions answers them with a 400.</li>
 * </ul>
 */
final class OpenAiReasoning {

    private OpenAiReasoning() {
    }

    /** Applies the effort and token-limit rules to a Chat Completions body in place. */
    static void apply(ObjectNode body, CatalogEntry model) {
        String asked = body.path("reasoning_effort").isTextual() ? body.get("reasoning_effort").asText() : null;
        String effort = Efforts.nearest(asked, model);
        if (effort != null && !effort.equals(asked)) {
            body.put("reasoning_effort", effort);
        }
        if (model.has("max_tokens_refused") && body.has("max_tokens")) {
            if (!body.hasNonNull("max_completion_tokens")) {
                body.set("max_completion_tokens", body.get("max_tokens"));
            }
            body.remove("max_tokens");
        }
    }

    /** Whether a request goes upstream as a Responses request (its tools need it with this model). */
    static boolean needsResponses(ChatRequest req, CatalogEntry model) {
        if (!req.hasTools()) {
            return false;
        }
        if (model.has("tools_only_responses")) {
            return true;
        }
        String effort = Efforts.nearest(req.effort(), model);
        return model.has("tools_need_responses") && effort != null && !effort.equals("none");
    }

    /**
     * Whether the model reasons on a request asking {@code asked} (so refuses sampling parameters,
     * which the dropped-params policy then leaves out).
     */
    static boolean reasons(String asked, CatalogEntry model) {
        if (model.has("sampling_refused")) {
            return true;
        }
        String effort = Efforts.nearest(asked, model);
        if (model.efforts().isEmpty()) {
            return false;
        }
        return effort != null ? !effort.equals("none") : Efforts.alwaysReasons(model);
    }
}
