package io.opengateway.catalog;

/**
 * Prices for a whole request whose prompt (uncached input, cache reads and cache writes together)
 * is more than {@code aboveTokens} tokens: OpenAI above 272K, Gemini Pro above 200K, Claude Haiku
 * 5.5 above 100K. The providers price the full request at the tier, not only the tokens past it.
 */
public record PromptTier(String name, long aboveTokens, PriceAdjustment adjustment) {
}
