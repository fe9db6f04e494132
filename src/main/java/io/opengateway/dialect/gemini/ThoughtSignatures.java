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
 *
 * <p>A signature is only good for the model that made it: Gemini answers another model's with a 400
 * ("Invalid thought signature"). The first {@value #TAG_LENGTH} of the id's 24 characters name the
 * catalog model that answered (a hash of its ID), so a signature goes back only to that model; on a
 * later turn or a fallback to another model it is left out (and the placeholder stands in where the
 * model enforces signatures). A signature in the extra field of a call whose id the gateway made
 * follows the same rule; on an id made elsewhere it goes as the client sent it.
 */
final class ThoughtSignatures {

    /** Google's documented value for function calls that have no signature of their own. */
    static final String PLACEHOLDER = "skip_thought_signature_validator";

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]+={0,2}");
    /** The characters of an id that name the model whose answer it came in (62^4: a clash is one in 14 million). */
    static final int TAG_LENGTH = 4;
    /** An id the gateway made (or one of the same shape: its model tag is then a random one). */
    private static final Pattern OURS = Pattern.compile(
            ToolCallIds.PREFIX + "[A-Za-z0-9]{" + ToolCallIds.RANDOM_LENGTH + "}(" + ToolCallIds.SIGNATURE_MARK + ".*)?");

    private ThoughtSignatures() {
    }

    /** A new tool call id of an answer by {@code model}, carrying {@code signature} when there is one. */
    static String toolCallId(String signature, String model) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        StringBuilder id = new StringBuilder(ToolCallIds.PREFIX).append(tag(model));
        for (int i = TAG_LENGTH; i < ToolCallIds.RANDOM_LENGTH; i++) {
            id.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        }
        if (signature != null && BASE64.matcher(signature).matches()) {
            id.append(ToolCallIds.SIGNATURE_MARK).append(toUrlSafe(signature));
        }
        return id.toString();
    }

    /**
     * The signature a client sent back with a tool call, for {@code model}: its extra field, else its
     * id; null when there is none, or when the gateway's id says another model made it.
     */
    static String fromToolCall(JsonNode rawToolCall, String id, String model) {
        if (OURS.matcher(id == null ? "" : id).matches() && !id.startsWith(ToolCallIds.PREFIX + tag(model))) {
            return null;
        }
        JsonNode sig = rawToolCall == null ? null
                : rawToolCall.path("extra_content").path("google").get("thought_signature");
        if (sig != null && sig.isTextual() && !sig.asText().isEmpty()) {
            return sig.asText();
        }
        return fromId(id);
    }

    /** The model's mark in the ids of its calls: a hash of the catalog ID in {@value #TAG_LENGTH} characters. */
    static String tag(String model) {
        int h = model.hashCode() & 0x7fffffff;
        char[] out = new char[TAG_LENGTH];
        for (int i = 0; i < TAG_LENGTH; i++) {
            out[i] = ALPHABET.charAt(h % ALPHABET.length());
            h /= ALPHABET.length();
        }
        return new String(out);
    }

    /** The signature encoded in a tool call id this gateway made, or null for any other id. */
    static String fromId(String id) {
        return ToolCallIds.signature(id);
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
}
