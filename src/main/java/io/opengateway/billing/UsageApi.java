package io.opengateway.billing;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import io.opengateway.auth.ApiKey;
import io.opengateway.billing.BillingRecord.Rates;
import io.opengateway.billing.UsageEvent.AttemptLine;
import io.opengateway.billing.UsageQueries.Filter;
import io.opengateway.billing.UsageQueries.Page;
import io.opengateway.billing.UsageQueries.Totals;
import io.opengateway.edge.JsonReply;
import io.opengateway.error.GatewayException;
import io.opengateway.model.Usage;
import io.opengateway.routing.InboundRequest;

/**
 * {@code GET /v1/usage}: the calling key's records, newest first, and their totals; and
 * {@code GET /admin/usage}: an account's, optionally within {@code from} / {@code to}. Money is
 * written as exact decimal strings.
 */
@Component("usageApi")
public class UsageApi {

    private final UsageQueries queries;
    private final ObjectMapper json;

    public UsageApi(UsageQueries queries, ObjectMapper json) {
        this.queries = queries;
        this.json = json;
    }

    /** The calling key's records (after {@code apiKeyAuth}). */
    public void own(Exchange exchange) {
        UsageParams p = UsageParams.of(exchange, 20, 100);
        ApiKey key = InboundRequest.of(exchange).apiKey();
        reply(exchange, new Filter(key.id(), null, null, null), p, json.createObjectNode());
    }

    /** An account's records (after {@code adminAuth}). */
    public void account(Exchange exchange) {
        UsageParams p = UsageParams.of(exchange, 100, 1000);
        String account = p.required("account");
        Instant from = p.instant("from", false);
        Instant to = p.instant("to", true);
        if (from != null && to != null && !from.isBefore(to)) {
            throw GatewayException.badRequest("to", "'to' must be after 'from'.");
        }
        ObjectNode head = json.createObjectNode();
        head.put("account", account);
        head.put("from", from == null ? null : from.toString());
        head.put("to", to == null ? null : to.toString());
        reply(exchange, new Filter(null, account, from, to), p, head);
    }

    private void reply(Exchange exchange, Filter filter, UsageParams p, ObjectNode head) {
        String after = p.after();
        if (after != null && !queries.contains(filter, after)) {
            throw GatewayException.badRequest("after", "'after' must be the request_id of one of these records.");
        }
        Page page = queries.page(filter, after, p.limit());
        Totals totals = queries.totals(filter);
        ObjectNode out = json.createObjectNode();
        out.put("object", "list");
        out.setAll(head);
        ArrayNode data = out.putArray("data");
        page.records().forEach(r -> data.add(view(r)));
        out.put("has_more", page.hasMore());
        ObjectNode t = out.putObject("totals");
        t.put("requests", totals.requests());
        t.put("provider_cost_usd", money(totals.providerCost()));
        t.put("platform_fee_usd", money(totals.platformFee()));
        t.put("total_cost_usd", money(totals.total()));
        JsonReply.send(exchange, json, 200, out);
    }

    private ObjectNode view(BillingRecord r) {
        UsageEvent e = r.event();
        ObjectNode n = json.createObjectNode();
        n.put("request_id", e.requestId());
        n.put("account", e.account());
        n.put("key_id", e.keyId());
        n.put("requested_model", e.requestedModel());
        n.put("served_model", e.servedModel());
        n.put("provider", e.provider());
        n.put("attempts", e.attempts());
        tokens(n, r.usage());
        n.put("provider_cost_usd", money(r.cost().providerCost()));
        n.put("platform_fee_usd", money(r.cost().platformFee()));
        n.put("total_cost_usd", money(r.cost().total()));
        pricing(n, r);
        n.put("status", r.status());
        n.put("streamed", e.streamed());
        n.put("latency_ms", e.latencyMs());
        n.put("created_at", e.createdAt().getEpochSecond());
        n.put("note", e.note());
        ArrayNode log = n.putArray("attempt_log");
        for (AttemptLine a : e.failedAttempts()) {
            ObjectNode l = log.addObject();
            l.put("provider", a.provider());
            l.put("model", a.model());
            l.put("status", a.status());
            l.put("code", a.code());
            if (a.usage() != null) {
                tokens(l, a.usage());
            }
        }
        return n;
    }

    private static void tokens(ObjectNode n, Usage u) {
        n.put("prompt_tokens", u.promptTokens());
        n.put("completion_tokens", u.completionTokens());
        n.put("cached_tokens", u.cachedTokens());
        n.put("cache_write_tokens", u.cacheWriteTokens());
        n.put("cache_write_1h_tokens", u.cacheWriteTokens() - u.cacheWrite5mTokens());
        n.put("reasoning_tokens", u.reasoningTokens());
    }

    /**
     * How the record was priced, to check it by hand: the service tier and region the provider
     * reported (null: standard), what had no catalog price (null: nothing), the price version and
     * prompt-size tier, the fee percent, and each component's tokens × price per million = USD;
     * the components add up to {@code provider_cost_usd}.
     */
    private void pricing(ObjectNode n, BillingRecord r) {
        Usage u = r.usage();
        n.put("service_tier", u.serviceTier());
        n.put("inference_geo", u.inferenceGeo());
        n.put("price_missing", r.priceMissing());
        Rates rates = r.rates();
        n.put("price_version", rates == null ? null : rates.priceVersion());
        n.put("pricing_tier", rates == null ? null : rates.pricingTier());
        n.put("fee_percent", rates == null ? null : money(rates.feePercent()));
        if (rates == null) {
            n.putNull("components");
            return;
        }
        ObjectNode components = n.putObject("components");
        for (CostCalculator.Line l : CostCalculator.lines(u, rates.prices())) {
            ObjectNode c = components.putObject(l.name());
            c.put("tokens", l.tokens());
            c.put("per_mtok", money(l.perMtok()));
            c.put("usd", money(l.usd()));
        }
    }

    /** An exact decimal string without trailing zeros: "0.0000123", "0". */
    static String money(BigDecimal v) {
        return v.signum() == 0 ? "0" : v.stripTrailingZeros().toPlainString();
    }
}
