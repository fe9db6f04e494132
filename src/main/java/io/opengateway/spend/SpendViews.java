package io.opengateway.spend;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.stereotype.Component;

import io.opengateway.auth.ApiKey;
import io.opengateway.billing.SpendTotals;
import io.opengateway.billing.UsageApi;

/**
 * A scope's controls as JSON, with where it stands: requests and tokens left in the current minute,
 * each budget's spend (the ledger), what requests in flight hold, what is left and when it resets.
 * The admin API shows it per key or account; {@code GET /v1/usage} shows the calling key's and its
 * account's ({@code limits}).
 */
@Component
public class SpendViews implements UsageApi.Extra {

    private final SpendControl control;
    private final ControlStore controls;
    private final ObjectMapper json;

    public SpendViews(SpendControl control, ControlStore controls, ObjectMapper json) {
        this.control = control;
        this.controls = controls;
        this.json = json;
    }

    @Override
    public void add(ObjectNode out, ApiKey key) {
        ObjectNode limits = out.putObject("limits");
        limits.set("key", view(SpendTotals.keyScope(key.id())));
        limits.set("account", view(SpendTotals.accountScope(key.account())));
    }

    /** The scope's controls as stored, and where it stands now. */
    public ObjectNode view(String scope) {
        Controls c = controls.read(scope);
        ObjectNode n = json.createObjectNode();
        settings(n, c);
        ObjectNode rates = n.putObject("rate_limits");
        rate(rates, "requests", scope, "rpm", c.requestsPerMinute() == null ? null : c.requestsPerMinute().longValue());
        rate(rates, "tokens", scope, "tpm", c.tokensPerMinute());
        ArrayNode budgets = n.putArray("budgets");
        if (c.budgeted()) {
            BigDecimal reserved = control.reserved(scope);
            for (Budgets.Line l : Budgets.lines(control.jdbc(), scope, c, Instant.now())) {
                ObjectNode b = budgets.addObject();
                b.put("period", l.period());
                b.put("limit_usd", money(l.limit()));
                b.put("spent_usd", money(l.spent()));
                b.put("in_flight_usd", money(reserved));
                b.put("remaining_usd", money(l.left().subtract(reserved).max(BigDecimal.ZERO)));
                if (l.resets() == null) {
                    b.putNull("resets_at");
                } else {
                    b.put("resets_at", l.resets().getEpochSecond());
                }
            }
        }
        return n;
    }

    static void settings(ObjectNode n, Controls c) {
        n.put("requests_per_minute", c.requestsPerMinute());
        n.put("tokens_per_minute", c.tokensPerMinute());
        n.put("max_concurrent", c.maxConcurrent());
        for (var f : List.of(new Object[] {"daily_usd", c.dailyUsd()}, new Object[] {"monthly_usd", c.monthlyUsd()},
                new Object[] {"lifetime_usd", c.lifetimeUsd()})) {
            BigDecimal v = (BigDecimal) f[1];
            if (v == null) {
                n.putNull((String) f[0]);
            } else {
                n.put((String) f[0], money(v));
            }
        }
    }

    private void rate(ObjectNode rates, String name, String scope, String kind, Long perMinute) {
        if (perMinute == null) {
            rates.putNull(name);
            return;
        }
        ObjectNode r = rates.putObject(name);
        r.put("limit", perMinute);
        try {
            long left = control.rates().meter(scope, kind, perMinute).available();
            r.put("remaining", Math.max(0, left));
            r.put("resets_in", RateLimits.duration((perMinute - left) * 60_000_000_000L / perMinute));
        } catch (RuntimeException storeDown) {
            r.putNull("remaining");
        }
    }

    static String money(BigDecimal v) {
        return v.stripTrailingZeros().toPlainString();
    }
}
