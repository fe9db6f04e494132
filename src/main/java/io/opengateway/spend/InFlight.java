package io.opengateway.spend;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The requests in flight per scope, in a store every replica shares: each holds a concurrency slot
 * while it runs and its reserved cost (nano-USD, rounded up) until its billing record is in the
 * ledger. An entry has a deadline: the replica that holds it renews it while the request runs, so
 * what a crashed replica held is let go after {@code slot-ttl}.
 */
public interface InFlight {

    /** What one scope allows: -1 for no concurrency limit, -1 for no budget headroom check. */
    record Check(String scope, int maxConcurrent, long headroomNanos) {
    }

    /** Why a request was refused: the scope, and what it has in flight. */
    record Refusal(String scope, boolean budget, int active, long reservedNanos) {
    }

    /**
     * Admits the request into every scope or none, atomically per store: refused when a scope
     * already has {@code maxConcurrent} requests running, or when what it has reserved plus
     * {@code amountNanos} would pass its headroom.
     */
    Refusal admit(String requestId, List<Check> checks, long amountNanos);

    /**
     * {@link #admit}, answered later: a store reached over the network sends it at once, so that it runs
     * alongside the rate limit checks; the others answer in the calling thread.
     */
    default CompletableFuture<Refusal> admitAsync(String requestId, List<Check> checks, long amountNanos) {
        return RateLimits.now(() -> admit(requestId, checks, amountNanos));
    }

    /** True when {@link #admitAsync} and {@link #finishAsync} return before the store has answered. */
    default boolean remote() {
        return false;
    }

    /** The request ended: its slots are free; its cost, now {@code amountNanos}, stays held until {@link #recorded}. */
    void finish(String requestId, List<String> scopes, long amountNanos);

    /** {@link #finish}, sent without waiting for the store where it can be (after the answer, nothing waits on it). */
    default CompletableFuture<?> finishAsync(String requestId, List<String> scopes, long amountNanos) {
        return RateLimits.now(() -> {
            finish(requestId, scopes, amountNanos);
            return null;
        });
    }

    /** Its billing record is in the ledger (or it was never billed): let go of everything it held. */
    void recorded(String requestId, List<String> scopes);

    /** Renews the deadlines of the requests this replica runs. */
    void renew(String requestId, List<String> scopes);

    /** What a scope has reserved, nano-USD (for the usage and admin views). */
    long reserved(String scope);
}
