package io.opengateway.routing;

import java.math.BigDecimal;

/**
 * What a request costs, as its billing record will say, for the answer itself ({@code usage.cost},
 * {@code x-opengateway-cost}). Spend control provides it ({@link RequestContext#answerCost()}); the
 * dialects, the stream relay and the response headers only ask, as billing sits above them.
 */
public interface AnswerCost {

    /** USD: the provider's price, the platform fee, their sum (exact decimals). */
    record Cost(BigDecimal providerCost, BigDecimal platformFee, BigDecimal total) {
    }

    /** The cost of the request as it stands (its served model and usage), or null when nothing is billed. */
    Cost of(RequestContext ctx);

    /**
     * What the request's key has spent this UTC month with this request's {@code cost}: the ledger's
     * total, which takes a finished request's record a moment after its answer; null when unknown.
     */
    default BigDecimal keySpend(RequestContext ctx, Cost cost) {
        return null;
    }

    /** {@code usage.cost} and {@code usage.cost_details} into an OpenAI usage object, when the request has a cost. */
    static void addTo(com.fasterxml.jackson.databind.node.ObjectNode usage, RequestContext ctx) {
        AnswerCost quote = ctx.attempt().answerCost();
        Cost c = quote == null || usage == null ? null : quote.of(ctx);
        if (c != null) {
            usage.put("cost", plain(c.total()));
            com.fasterxml.jackson.databind.node.ObjectNode d = usage.putObject("cost_details");
            d.put("provider_cost", plain(c.providerCost()));
            d.put("platform_fee", plain(c.platformFee()));
        }
    }

    /** A decimal string, as the ledger's money is written everywhere (never in exponent form). */
    static String plain(BigDecimal v) {
        return v.signum() == 0 ? "0" : v.stripTrailingZeros().toPlainString();
    }
}
