package io.opengateway.model;

import java.util.Locale;

/**
 * Token usage as the provider reported it, normalised: {@code promptTokens} includes cached and
 * cache-write tokens, {@code completionTokens} includes reasoning tokens (docs/api.md's billing
 * terms). {@code cacheWriteTokens} are all cache writes; {@code cacheWrite1hTokens} the part of
 * them kept for an hour (Anthropic's {@code ephemeral_1h_input_tokens}), the rest are 5-minute
 * writes. {@code serviceTier} and {@code inferenceGeo} are how the provider says it served the
 * request when that changes the price ({@code fast}, {@code flex}; {@code us}), null when it
 * served it the standard way.
 */
public record Usage(long promptTokens, long completionTokens, long cachedTokens, long cacheWriteTokens,
        long reasoningTokens, long cacheWrite1hTokens, String serviceTier, String inferenceGeo) {

    public static final Usage NONE = new Usage(0, 0, 0, 0, 0);

    /** Usage without 1-hour cache writes, served the standard way. */
    public Usage(long promptTokens, long completionTokens, long cachedTokens, long cacheWriteTokens,
            long reasoningTokens) {
        this(promptTokens, completionTokens, cachedTokens, cacheWriteTokens, reasoningTokens, 0, null, null);
    }

    public long totalTokens() {
        return promptTokens + completionTokens;
    }

    /** The cache writes kept 5 minutes (or the provider's default retention). */
    public long cacheWrite5mTokens() {
        return cacheWriteTokens - Math.min(cacheWriteTokens, cacheWrite1hTokens);
    }

    /**
     * The service tier a provider reports, as billing names it: null for the standard one
     * ({@code default}, {@code standard}, {@code auto}); OpenAI's {@code priority} is its former
     * name of {@code fast} (renamed 2026-07-30, same price; openai.com/api-fast-mode).
     */
    public static String servedTier(String reported) {
        if (reported == null || reported.isBlank()) {
            return null;
        }
        String t = bounded(reported);
        return switch (t) {
            case "default", "standard", "auto" -> null;
            case "priority" -> "fast";
            default -> t;
        };
    }

    /** The inference region a provider reports, as billing names it: null for {@code global}. */
    public static String servedGeo(String reported) {
        if (reported == null || reported.isBlank()) {
            return null;
        }
        String g = bounded(reported);
        return g.equals("global") ? null : g;
    }

    /** Lower case and at most 40 characters (the record's column): a provider's word, not free text. */
    private static String bounded(String reported) {
        String s = reported.trim().toLowerCase(Locale.ROOT);
        return s.length() <= 40 ? s : s.substring(0, 40);
    }
}
