package io.opengateway.model;

/**
 * Token usage as the provider reported it, normalised: {@code promptTokens} includes cached and
 * cache-write tokens, {@code completionTokens} includes reasoning tokens (docs/api.md's billing terms).
 */
public record Usage(long promptTokens, long completionTokens, long cachedTokens, long cacheWriteTokens,
        long reasoningTokens) {

    public static final Usage NONE = new Usage(0, 0, 0, 0, 0);

    public long totalTokens() {
        return promptTokens + completionTokens;
    }
}
