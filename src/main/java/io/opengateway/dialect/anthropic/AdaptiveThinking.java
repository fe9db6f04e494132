package io.opengateway.dialect.anthropic;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.opengateway.catalog.CatalogEntry;
import io.opengateway.dialect.Efforts;

/**
 * {@code reasoning_effort} on a model with the {@code adaptive_thinking} capability: no token budget
 * but {@code thinking: {type: "adaptive"}} and {@code output_config.effort}, the level the model
 * takes nearest the one asked ({@link Efforts}). Asking for reasoning also asks for its text,
 * {@code display: "summarized"}: the newer models default to {@code omitted} (empty thinking blocks,
 * only a signature; platform.claude.com/docs/en/models/opus-5-5/whats-new-opus-5-5).
 *
 * <p>Turning thinking off ({@code none}, or a request that must not think: a forced tool, a tool
 * loop whose last turn lost its thinking blocks) follows the catalog: {@code disabled} where the
 * model takes it (sent explicitly, as Opus 5 thinks by default); {@code between_tools} where that is
 * the model's off switch (Sonnet 5.5, platform.claude.com/docs/en/models/sonnet-5-5/whats-new-sonnet-5-5;
 * sent without an effort, which must not change mid-conversation there); and where thinking cannot
 * be turned off ({@code thinking_always_on}: both {@code disabled} and {@code enabled} are a 400)
 * {@code none} is the model's lowest level, and nothing is sent when no effort was asked.
 */
final class AdaptiveThinking {

    static final String DISPLAY = "summarized";

    /** The {@code thinking} object (null: none sent), the effort (null: none sent), and whether the model thinks. */
    record Settings(ObjectNode thinking, String effort, boolean thinks) {
        static final Settings NONE = new Settings(null, null, false);
    }

    private AdaptiveThinking() {
    }

    /**
     * @param effort      the client's {@code reasoning_effort}, or null
     * @param mustNotThink whether this request must go without thinking where the model allows it
     */
    static Settings of(String effort, CatalogEntry model, boolean mustNotThink) {
        boolean alwaysOn = model.has("thinking_always_on");
        if (!alwaysOn && (mustNotThink || "none".equals(effort))) {
            return new Settings(type(model.has("thinking_off_between_tools") ? "between_tools" : "disabled"), null,
                    false);
        }
        if (effort == null) {
            return new Settings(null, null, alwaysOn); // the model's own default
        }
        ObjectNode thinking = type("adaptive");
        thinking.put("display", DISPLAY);
        return new Settings(thinking, Efforts.nearest(effort, model), true);
    }

    private static ObjectNode type(String type) {
        ObjectNode t = JsonNodeFactory.instance.objectNode();
        t.put("type", type);
        return t;
    }
}
