package io.opengateway.spend;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import io.opengateway.catalog.CatalogEntry;
import io.opengateway.catalog.PriceQuote;
import io.opengateway.catalog.Prices;
import io.opengateway.model.ChatRequest;
import io.opengateway.routing.RequestContext;

/**
 * The most a request can cost, reserved against its budgets before any call: over the models of its
 * plan (a fallback may serve), its prompt at the dearest input price (a cache write costs more than
 * plain input) plus its output limit at the output price, with the fee.
 * <p>
 * The prompt is bounded by the request body's size in bytes, capped at the model's context window:
 * every tokenizer the providers use spends at least one byte of text per token, so this bounds
 * Anthropic's and Google's counts too, where OpenAI's tokenizer (jtokkit) would undercount them. An
 * image given by URL is the one part it does not bound (its tokens are not in the body); the
 * context-window cap bounds it only when the body is larger. The output limit is {@code max_tokens}
 * ({@code max_output_tokens} on the Responses API), or the model's output limit when the request
 * sets none or reasons (thinking tokens come on top of {@code max_tokens} on Anthropic).
 */
final class WorstCase {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
    private static final BigDecimal NANOS = BigDecimal.valueOf(1_000_000_000);

    private WorstCase() {
    }

    /** USD, exact. */
    static BigDecimal cost(RequestContext ctx, BigDecimal feePercent, Instant at) {
        BigDecimal max = BigDecimal.ZERO;
        for (CatalogEntry e : ctx.request().plan()) {
            long prompt = Math.max(1, Math.min(ctx.request().bodyBytes(), e.contextWindow() > 0 ? e.contextWindow() : Long.MAX_VALUE));
            long output = output(ctx, e);
            ChatRequest chat = ctx.request().chat();
            PriceQuote q = e.pricing().quote(at, prompt, chat == null ? null : chat.serviceTier(), null);
            Prices p = q.prices();
            if (p == null) {
                continue;
            }
            BigDecimal in = p.input().max(p.cacheWrite()).max(p.cacheWrite1h());
            BigDecimal c = in.multiply(BigDecimal.valueOf(prompt)).add(p.output().multiply(BigDecimal.valueOf(output)))
                    .divide(MILLION);
            max = max.max(c);
        }
        return max.add(max.multiply(feePercent).movePointLeft(2));
    }

    private static long output(RequestContext ctx, CatalogEntry e) {
        long limit = e.maxOutputTokens() != null ? e.maxOutputTokens() : e.contextWindow();
        Integer asked = null;
        boolean reasons = false;
        ChatRequest chat = ctx.request().chat();
        if (chat != null) {
            asked = chat.maxTokens();
            reasons = chat.reasoningEffort() != null || chat.thinkingBudget() != null;
        } else if (ctx.request().nativeRequest() != null && ctx.request().nativeRequest().body() != null) {
            JsonNode body = ctx.request().nativeRequest().body(); // a pass-through body (the Responses API's)
            JsonNode m = body.get("max_output_tokens");
            asked = m != null && m.canConvertToInt() ? m.intValue() : null;
            reasons = body.has("reasoning");
        }
        if (asked == null || reasons || asked <= 0) {
            return limit;
        }
        return Math.min(asked, limit);
    }

    /** USD to nano-USD, rounded up: a reservation is never less than the amount. */
    static long nanos(BigDecimal usd) {
        return usd.multiply(NANOS).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** Nano-USD, rounded down (headroom never grows by rounding). */
    static long nanosDown(BigDecimal usd) {
        return usd.multiply(NANOS).setScale(0, RoundingMode.FLOOR).longValueExact();
    }
}
