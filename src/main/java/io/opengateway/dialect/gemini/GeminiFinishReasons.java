package io.opengateway.dialect.gemini;

import io.opengateway.model.FinishReason;

/** Gemini's {@code finishReason} in OpenAI's words: every value Gemini documents, in one switch. */
final class GeminiFinishReasons {

    private GeminiFinishReasons() {
    }

    /**
     * @param hasToolCalls whether the candidate holds function calls (in any chunk of a stream):
     *                     Gemini ends those with STOP, OpenAI with tool_calls
     */
    static FinishReason map(String reason, boolean hasToolCalls) {
        if (reason == null) {
            return null;
        }
        switch (reason) {
            case "STOP":
                return hasToolCalls ? FinishReason.TOOL_CALLS : FinishReason.STOP;
            case "MAX_TOKENS":
                return FinishReason.LENGTH;
            case "SAFETY":
            case "RECITATION":
            case "BLOCKLIST":
            case "PROHIBITED_CONTENT":
            case "SPII":
            case "IMAGE_SAFETY":
            case "IMAGE_PROHIBITED_CONTENT":
            case "IMAGE_RECITATION":
                return FinishReason.CONTENT_FILTER;
            case "LANGUAGE":                 // an unsupported language: the model stopped, nothing was filtered
            case "MALFORMED_FUNCTION_CALL":  // the call was dropped: what remains is a plain answer
            case "UNEXPECTED_TOOL_CALL":
            case "TOO_MANY_TOOL_CALLS":
            case "IMAGE_OTHER":
            case "NO_IMAGE":
            case "OTHER":
            case "FINISH_REASON_UNSPECIFIED":
            default:                         // a value newer than this list
                return hasToolCalls ? FinishReason.TOOL_CALLS : FinishReason.STOP;
        }
    }
}
