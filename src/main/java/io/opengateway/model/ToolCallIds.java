package io.opengateway.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tool call ids the gateway makes, in one place. The Gemini dialect makes
 * {@code call_<24 letters and digits>} and, when Gemini signed the call, appends
 * {@code _ts_<signature>} (URL-safe base64): hundreds of characters that only Gemini needs. Other
 * providers get the {@link #portable} form, the stable prefix: unique on its own (24 random
 * characters), 29 characters long (OpenAI refuses ids over 40) and of {@code [A-Za-z0-9_]} only
 * (Anthropic's {@code ^[a-zA-Z0-9_-]+$}). A history's ids are shortened the same way in assistant
 * tool calls and tool results, so they still pair up.
 */
public final class ToolCallIds {

    public static final String PREFIX = "call_";
    public static final int RANDOM_LENGTH = 24;
    public static final String SIGNATURE_MARK = "_ts_";

    private static final Pattern SIGNED = Pattern.compile(
            "(" + PREFIX + "[A-Za-z0-9]{" + RANDOM_LENGTH + "})" + SIGNATURE_MARK + "([A-Za-z0-9_-]+)");

    private ToolCallIds() {
    }

    /** Whether {@code id} is one the gateway made with a thought signature in it. */
    public static boolean carriesSignature(String id) {
        return id != null && SIGNED.matcher(id).matches();
    }

    /** The signature part of such an id (URL-safe base64, no padding), or null for any other id. */
    public static String signaturePart(String id) {
        if (id == null) {
            return null;
        }
        Matcher m = SIGNED.matcher(id);
        return m.matches() ? m.group(2) : null;
    }

    /**
     * The signature a signed id carries, in the standard base64 Gemini sent (the id holds the URL-safe
     * form without padding, which decodes to the same bytes); null for any other id.
     */
    public static String signature(String id) {
        String part = signaturePart(id);
        if (part == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(part.length() + 2).append(part.replace('-', '+').replace('_', '/'));
        while (out.length() % 4 != 0) {
            out.append('=');
        }
        return out.toString();
    }

    /** The id as a provider other than Gemini takes it: the stable prefix of a signed id, any other as it is. */
    public static String portable(String id) {
        if (id == null) {
            return null;
        }
        Matcher m = SIGNED.matcher(id);
        return m.matches() ? m.group(1) : id;
    }
}
