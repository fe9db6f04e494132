package io.opengateway.spend;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;

import io.opengateway.auth.ApiKey;
import io.opengateway.billing.BillingRecord;
import io.opengateway.billing.BillingStore;
import io.opengateway.billing.SpendTotals;
import io.opengateway.config.GatewayDatabase;
import io.opengateway.config.GatewayProperties;
import io.opengateway.routing.RequestContext;

/**
 * Limits and budgets per key and per account, held across replicas ({@link SharedStore}).
 * <p>
 * Before the call ({@link #admit}): one request off the requests-per-minute buckets, a refusal while
 * a tokens-per-minute bucket is in debt, then one atomic step in the shared store that takes a
 * concurrency slot and reserves the request's worst-case cost ({@link WorstCase}) against what
 * each budget has left: budget − the ledger's total for the period − what requests in flight hold.
 * When the request ends ({@link #settle}) its slot is freed and its reservation becomes its real cost
 * (priced as its billing record is); once the record is in the database, whose totals now carry it,
 * the hold is let go ({@link #recorded}). So a budget is passed only by what the estimate missed
 * (README, "Budgets").
 */
@Component
public class SpendControl implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(SpendControl.class);

    /** What one admitted request holds, until it ends. */
    public record Hold(String requestId, String account, List<String> scopes, List<RateLimits.Meter> tokenMeters,
            boolean controlledAccount) {
    }

    private final ControlStore controls;
    private final SharedStore store;
    private final RateLimits rates;
    private final SpendMetrics metrics;
    private final SpendSettings settings;
    private final JdbcTemplate jdbc;
    private final BigDecimal feePercent;
    private final Map<String, Hold> running = new ConcurrentHashMap<>();
    private final Map<String, List<String>> awaitingRecord = new ConcurrentHashMap<>();
    private final AtomicBoolean storeDown = new AtomicBoolean();
    private final ScheduledExecutorService renewer;

    public SpendControl(ControlStore controls, SharedStore store, SpendMetrics metrics, SpendSettings settings,
            GatewayDatabase db, GatewayProperties properties, BillingStore billing) {
        this.controls = controls;
        this.store = store;
        this.rates = new RateLimits(store);
        this.metrics = metrics;
        this.settings = settings;
        this.jdbc = db.jdbc();
        this.feePercent = properties.billing().feePercent();
        billing.onStored(this::recorded);
        if (store.kind() == SharedStore.Kind.MEMORY) {
            renewer = null;
        } else {
            renewer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "spend-slot-renewer");
                t.setDaemon(true);
                return t;
            });
            long every = Math.max(1000, settings.slotTtl().toMillis() / 3);
            renewer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Checks and takes what the request needs; null when neither its key nor its account has controls.
     * With Redis every bucket operation and the in-flight admission are sent at once and awaited
     * together; their answers are read in the order the checks are made (key before account, requests
     * before tokens, rates before the admission), and what a refused request took after the check that
     * refused it is given back, so the outcome is the one of checking one by one.
     */
    public Hold admit(RequestContext ctx) {
        ApiKey key = ctx.request().apiKey();
        String keyScope = SpendTotals.keyScope(key.id());
        String accountScope = SpendTotals.accountScope(key.account());
        Controls kc = controls.get(keyScope);
        Controls ac = controls.get(accountScope);
        if (kc.none() && ac.none()) {
            return null;
        }
        String requestId = ctx.request().requestId();
        List<InFlight.Check> checks = new ArrayList<>(2);
        Instant now = Instant.now();
        Map<String, Budgets.Line> tightest = new HashMap<>();
        check(checks, tightest, keyScope, kc, now);
        check(checks, tightest, accountScope, ac, now);
        long amount = tightest.isEmpty() || checks.isEmpty() ? 0
                : Math.max(1, WorstCase.nanos(WorstCase.cost(ctx, feePercent, now)));
        Map<String, String> headers = new HashMap<>();
        List<RateLimits.Meter> tokenMeters = new ArrayList<>(2);
        List<long[]> req = RateLimits.list();
        List<long[]> tok = RateLimits.list();
        CompletableFuture<InFlight.Refusal> early = null;
        Rates keyRates = null;
        Rates accountRates = null;
        try {
            keyRates = new Rates(kc, keyScope, "key " + key.id());
            accountRates = new Rates(ac, accountScope, "account " + key.account());
            if (!checks.isEmpty() && store.inFlight().remote()) {
                early = store.inFlight().admitAsync(requestId, checks, amount);
            }
            keyRates.read(req, tok, tokenMeters);
            accountRates.read(req, tok, tokenMeters);
            RateLimits.headers(headers, "requests", req);
            RateLimits.headers(headers, "tokens", tok);
            up();
        } catch (SpendRefusal r) {
            RateLimits.headers(headers, "requests", req);
            RateLimits.headers(headers, "tokens", tok);
            ctx.attempt().limitHeaders(headers);
            metrics.rejected(r.reason());
            if (keyRates != null && keyRates.refused) {
                accountRates.giveBack(); // one by one, the account's request would not have been taken
            }
            abandon(early, requestId, checks);
            throw r;
        } catch (RuntimeException e) {
            try {
                down(e, settings.rateLimitsFailOpen());
            } catch (SpendRefusal r) {
                abandon(early, requestId, checks);
                throw r;
            }
            tokenMeters.clear();
        }
        ctx.attempt().limitHeaders(headers);
        if (checks.isEmpty()) {
            return tokenMeters.isEmpty() ? null : new Hold(requestId, key.account(), List.of(), tokenMeters, false);
        }
        InFlight.Refusal refused;
        try {
            refused = RateLimits.join(early != null ? early : store.inFlight().admitAsync(requestId, checks, amount));
            up();
        } catch (RuntimeException e) {
            down(e, tightest.isEmpty() ? settings.rateLimitsFailOpen() : settings.budgetsFailOpen());
            return new Hold(requestId, key.account(), List.of(), tokenMeters, !ac.none());
        }
        if (refused != null) {
            String who = refused.scope().equals(keyScope) ? "key " + key.id() : "account " + key.account();
            SpendRefusal r = refused.budget() ? budgetRefusal(who, tightest.get(refused.scope()), refused.reservedNanos())
                    : SpendRefusal.rate("concurrency", "Too many requests in flight on " + who + ": limit "
                            + checks.stream().filter(c -> c.scope().equals(refused.scope())).findFirst().get()
                                    .maxConcurrent() + " at once. Retry when one of them has ended.", 1);
            metrics.rejected(r.reason());
            throw r;
        }
        Hold hold = new Hold(requestId, key.account(), checks.stream().map(InFlight.Check::scope).toList(),
                tokenMeters, !ac.none());
        running.put(requestId, hold);
        return hold;
    }

    /** One scope's rate limits: the request taken and the tokens looked up as soon as it is made. */
    private final class Rates {
        final String who;
        final RateLimits.Meter requests;
        final RateLimits.Meter tokens;
        final CompletableFuture<ConsumptionProbe> taken;
        final CompletableFuture<EstimationProbe> left;
        boolean refused;

        Rates(Controls c, String scope, String who) {
            this.who = who;
            requests = c.requestsPerMinute() == null ? null : rates.meter(scope, "rpm", c.requestsPerMinute());
            tokens = c.tokensPerMinute() == null ? null : rates.meter(scope, "tpm", c.tokensPerMinute());
            taken = requests == null ? null : requests.takeOne();
            left = tokens == null ? null : tokens.estimate();
        }

        void read(List<long[]> req, List<long[]> tok, List<RateLimits.Meter> tokenMeters) {
            refused = true;
            if (requests != null) {
                long[] lr = {requests.perMinute(), 0};
                req.add(lr); // a refusal's answer shows the limit with nothing left
                lr[1] = RateLimits.takeRequest(requests, RateLimits.join(taken), who);
            }
            if (tokens != null) {
                long[] lr = {tokens.perMinute(), 0};
                tok.add(lr);
                lr[1] = RateLimits.checkTokens(tokens, RateLimits.join(left), who);
                tokenMeters.add(tokens);
            }
            refused = false;
        }

        /** Returns the request taken here, if one was. */
        void giveBack() {
            if (requests == null) {
                return;
            }
            try {
                if (RateLimits.join(taken).isConsumed()) {
                    requests.giveBack().whenComplete((v, e) -> failed(e));
                }
            } catch (RuntimeException e) {
                failed(e);
            }
        }
    }


    /** A refused request's admission, sent alongside its rate checks, is let go if it was admitted. */
    private void abandon(CompletableFuture<InFlight.Refusal> early, String requestId, List<InFlight.Check> checks) {
        if (early == null) {
            return;
        }
        try {
            if (RateLimits.join(early) == null) {
                store.inFlight().recorded(requestId, checks.stream().map(InFlight.Check::scope).toList());
            }
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    /** A write after the answer failed: noted; what it held ends at its deadline. */
    private void failed(Throwable e) {
        if (e != null) {
            down(e instanceof RuntimeException r ? r : new IllegalStateException(e), true);
        }
    }

    private void check(List<InFlight.Check> checks, Map<String, Budgets.Line> tightest, String scope, Controls c,
            Instant now) {
        if (c.maxConcurrent() == null && !c.budgeted()) {
            return;
        }
        long headroom = -1;
        if (c.budgeted()) {
            List<Budgets.Line> lines = Budgets.lines(jdbc, scope, c, now);
            Budgets.Line t = Budgets.tightest(lines);
            tightest.put(scope, t);
            headroom = Math.max(0, WorstCase.nanosDown(t.left()));
            for (Budgets.Line l : lines) {
                metrics.remaining(scope, l.period(), l.left());
            }
        }
        checks.add(new InFlight.Check(scope, c.maxConcurrent() == null ? -1 : c.maxConcurrent(), headroom));
    }

    private static SpendRefusal budgetRefusal(String who, Budgets.Line l, long reservedNanos) {
        BigDecimal reserved = BigDecimal.valueOf(reservedNanos).movePointLeft(9);
        long wait = l.resets() == null ? 0 : Duration.between(Instant.now(), l.resets()).toSeconds() + 1;
        return SpendRefusal.budget(Budgets.describe(who, l, reserved), wait);
    }

    /**
     * The request ended: its tokens go off the token buckets, its slot is freed and its reservation
     * becomes {@code costUsd} (null: it reached no provider, nothing to hold). Never throws: the
     * answer is out already, and the store keeps nothing past its deadlines anyway.
     */
    public void settle(Hold hold, long tokens, BigDecimal costUsd) {
        running.remove(hold.requestId());
        try {
            if (tokens > 0) {
                for (RateLimits.Meter m : hold.tokenMeters()) {
                    m.owe(tokens).whenComplete((v, e) -> failed(e));
                }
            }
            if (!hold.scopes().isEmpty()) {
                if (costUsd == null) {
                    store.inFlight().recorded(hold.requestId(), hold.scopes());
                } else {
                    awaitingRecord.put(hold.requestId(), hold.scopes());
                    store.inFlight().finishAsync(hold.requestId(), hold.scopes(), WorstCase.nanos(costUsd))
                            .whenComplete((v, e) -> failed(e));
                }
            }
        } catch (RuntimeException e) {
            down(e, true);
        }
        if (costUsd != null && hold.controlledAccount()) {
            metrics.spent(hold.account(), costUsd);
        }
    }

    /** The billing store committed these records: the ledger totals carry their costs now. */
    void recorded(Collection<BillingRecord> records) {
        for (BillingRecord r : records) {
            List<String> scopes = awaitingRecord.remove(r.requestId());
            if (scopes != null) {
                try {
                    store.inFlight().recorded(r.requestId(), scopes);
                } catch (RuntimeException e) {
                    down(e, true); // the hold ends at its deadline (settled-hold) instead
                }
            }
        }
    }

    private void renew() {
        for (Hold h : running.values()) {
            if (!h.scopes().isEmpty()) {
                try {
                    store.inFlight().renew(h.requestId(), h.scopes());
                } catch (RuntimeException e) {
                    down(e, true);
                    return;
                }
            }
        }
    }

    private void down(RuntimeException e, boolean failOpen) {
        metrics.storeError();
        if (storeDown.compareAndSet(false, true)) {
            LOG.warn("Spend control: the {} store cannot be reached ({}); requests are {} until it is back "
                    + "(opengateway.spend.rate-limits-when-down / budgets-when-down)", store.kind(), e.toString(),
                    failOpen ? "served without the limits it holds" : "refused");
        }
        if (!failOpen) {
            SpendRefusal r = SpendRefusal.storeDown();
            metrics.rejected(r.reason());
            throw r;
        }
    }

    private void up() {
        if (storeDown.compareAndSet(true, false)) {
            LOG.info("Spend control: the {} store is back; limits and budgets hold again", store.kind());
        }
    }

    /** What a scope has reserved in flight, USD (the views); zero when the store cannot say. */
    BigDecimal reserved(String scope) {
        try {
            return BigDecimal.valueOf(store.inFlight().reserved(scope)).movePointLeft(9);
        } catch (RuntimeException e) {
            return BigDecimal.ZERO;
        }
    }

    /** The key's spend this UTC month, as the ledger has it (zero when the database cannot say). */
    public BigDecimal monthToDate(String keyId) {
        String month = SpendTotals.month(Instant.now());
        try {
            return SpendTotals.read(jdbc, SpendTotals.keyScope(keyId), List.of(month)).getOrDefault(month, BigDecimal.ZERO);
        } catch (RuntimeException e) {
            return BigDecimal.ZERO;
        }
    }

    RateLimits rates() {
        return rates;
    }

    JdbcTemplate jdbc() {
        return jdbc;
    }

    @Override
    public void destroy() {
        if (renewer != null) {
            renewer.shutdownNow();
        }
    }
}
