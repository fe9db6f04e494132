package io.opengateway.dialect.anthropic;

import io.opengateway.model.FinishReason;

/** Anthropic's {@code stop_reason} in OpenAI's words. */
final class StopReasons {

    private StopReasons() {
    }

    static FinishReason map(String stopReason) {
        if (stopReason == null) {
            return FinishReason.STOP;
        }
        switch (stopReason) {
            case "end_turn":
            case "stop_sequence":
            case "pause_turn": // a server tool paused a long turn: what there is, is a complete answer
                return FinishReason.STOP;
            case "max_tokens":
            case "model_context_window_exceeded":
                return FinishReason.LENGTH;
            case "tool_use":
                return FinishReason.TOOL_CALLS;
            case "refusal":
                return FinishReason.CONTENT_FILTER;
            default:
                return FinishReason.STOP; // a reason added after this code: the turn did end
        }
    }

    /** A tool_use stop whose only call was the JSON answer tool is a plain stop for the client. */
    static FinishReason map(String stopReason, boolean clientToolCalls) {
        FinishReason r = map(stopReason);
        return r == FinishReason.TOOL_CALLS && !clientToolCalls ? FinishReason.STOP : r;
    }
}
