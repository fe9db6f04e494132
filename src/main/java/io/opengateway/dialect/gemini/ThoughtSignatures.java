package io.opengateway.dialect.gemini;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.opengateway.model.ToolCallIds;

/**
 * Carries Gemini's thought signatures through plain Chat Completions, with no state in the
 * gateway (a restart or another replica loses nothing).
 *
 * <p>Gemini 2.5 and 3 put an opaque {@code thoughtSignature} on a function-call part (in parallel
 * calls, on the first one only) and Gemini 3 rejects the next turn when it does not come back on
 * the same part. Two ways back, either is enough:
 * <ul>
 *   <li>the tool call {@code id}: {@code call_<24 random letters and digits>_ts_<signature>}, the
 *       signature in URL-safe base64 without padding, so a client that sends back only the ids it
 *       received (what every OpenAI client does) carries it unknowingly (a signature that is not
 *       base64, which Gemini never sends, travels in the extra field only);</li>
 *   <li>the field Google's own OpenAI-compatible endpoint uses on each tool call:
 *       {@code "extra_content": {"google": {"thought_signature": "<base64>"}}}, written on answers
 *       and read on requests; it wins over the id.</li>
 * </ul>
 * Other providers get these ids shortened to their stable prefix ({@link ToolCallIds#portable}) and no
 * extra field: only Gemini can use a signature.
 * A history whose calls carry no signature (written by another model, say) gets Google's documented
 * placeholder on the first call of each turn for models that enforce signatures. A signature on a
 * text part (the end of a Gemini 3 answer without calls) is not carried: Gemini does not require it.
 */
final class ThoughtSignatures {

    /** Google's documented value for function calls that have no signature of their own. */
    static final String PLACEHOLDER = "skip_thought_signature_validator";

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]+={0,2}");

    private ThoughtSignatures() {
    }

    /** A new tool call id, carrying {@code signature} when there is one. */
    static String toolCallId(String signature) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        StringBuilder id = new StringBuilder(ToolCallIds.PREFIX);
        for (int i = 0; i < ToolCallIds.RANDOM_LENGTH; i++) {
            id.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        }
        if (signature != null && BASE64.matcher(signature).matches()) {
            id.append(ToolCallIds.SIGNATURE_MARK).append(toUrlSafe(signature));
        }
        return id.toString();
    }

    /** The signature a client sent back with a tool call: its extra field, else its id; or null. */
    static String fromToolCall(JsonNode rawToolCall, String id) {
        JsonNode sig = rawToolCall == null ? null
                : rawToolCall.path("extra_content").path("google").get("thought_signature");
        if (sig != null && sig.isTextual() && !sig.asText().isEmpty()) {
            return sig.asText();
        }
        return fromId(id);
    }

    /** The signature encoded in a tool call id this gateway made, or null for any other id. */
    static String fromId(String id) {
        String part = ToolCallIds.signaturePart(id);
        return part == null ? null : fromUrlSafe(part);
    }

    /** The extra field for a tool call of an answer. */
    static ObjectNode extraContent(String signature) {
        ObjectNode extra = JsonNodeFactory.instance.objectNode();
        extra.putObject("google").put("thought_signature", signature);
        return extra;
    }

    // Gemini sends standard base64; the id holds the URL-safe form (letters, digits, '-', '_'
    // only), which decodes to the same bytes when turned back.
    private static String toUrlSafe(String b64) {
        StringBuilder out = new StringBuilder(b64.length());
        for (int i = 0; i < b64.length(); i++) {
            char c = b64.charAt(i);
            if (c == '+') {
                out.append('-');
            } else if (c == '/') {
                out.append('_');
            } else if (c != '=') {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String fromUrlSafe(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2);
        out.append(s.replace('-', '+').replace('_', '/'));
        while (out.length() % 4 != 0) {
            out.append('=');
        }
        return out.toString();
    }
}
