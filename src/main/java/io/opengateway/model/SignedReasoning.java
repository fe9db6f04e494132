package io.opengateway.model;

/**
 * Reasoning state that only the provider that made it can read, and that must go back to it
 * unchanged on a later turn (a tool loop with reasoning needs it): Anthropic's signed thinking
 * ({@code text} and its {@code signature}) and redacted thinking ({@code data}), and Gemini's
 * thought signature of a function call ({@code callId} and {@code signature}). {@code provider} and
 * {@code model} (catalog names) say who made it, where a front end knows; null means "the dialect
 * that reads it", as a Chat Completions client's {@code thinking_blocks} arrive. A dialect sends
 * back only what its own provider (Anthropic: any model of it; Gemini: the very model) made.
 */
public record SignedReasoning(Kind kind, String provider, String model, String text, String signature,
        String data, String callId) {

    public enum Kind { THINKING, REDACTED_THINKING, CALL_SIGNATURE }

    public static SignedReasoning thinking(String text, String signature) {
        return new SignedReasoning(Kind.THINKING, null, null, text, signature, null, null);
    }

    public static SignedReasoning redacted(String data) {
        return new SignedReasoning(Kind.REDACTED_THINKING, null, null, null, null, data, null);
    }

    public static SignedReasoning callSignature(String callId, String signature) {
        return new SignedReasoning(Kind.CALL_SIGNATURE, null, null, null, signature, null, callId);
    }

    /** The same, naming who made it. */
    public SignedReasoning madeBy(String byProvider, String byModel) {
        return new SignedReasoning(kind, byProvider, byModel, text, signature, data, callId);
    }

    /** Whether it is thinking (signed or redacted) rather than a call's signature. */
    public boolean isThinking() {
        return kind != Kind.CALL_SIGNATURE;
    }
}
