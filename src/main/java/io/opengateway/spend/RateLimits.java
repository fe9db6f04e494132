package io.opengateway.spend;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.distributed.AsyncBucketProxy;

/**
 * Requests and tokens per minute: a Bucket4j bucket per scope and limit, filled up to the limit and
 * refilled greedily (the limit's worth per minute, a little at a time, as OpenAI's limits refill).
 * A request takes one request token before its call; its tokens are taken after its answer, as the
 * provider counted them, so a request is refused on tokens only once a scope is in debt.
 * <p>
 * In Redis each operation is a round trip or two (Bucket4j's compare-and-swap; one for a write from
 * the state this replica last wrote, see {@link LastStateProxyManager}), so the request path sends
 * them through Bucket4j's asynchronous proxies, all at once, and waits once.
 */
final class RateLimits {

    private static final long MINUTE_NANOS = Duration.ofMinutes(1).toNanos();
    /** Bucket4j refills at most one token a nanosecond: a larger limit could not be built (so never enforced). */
    static final long MAX_PER_MINUTE = MINUTE_NANOS;

    private final SharedStore store;

    RateLimits(SharedStore store) {
        this.store = store;
    }

    /**
     * A bucket of one scope's limit; its name carries the limit, so a changed limit starts full.
     * {@code async} is the bucket through Bucket4j's asynchronous proxy (Redis), and {@code asyncRead}
     * the same for reads (see {@link LastStateProxyManager}); else both are null and {@code bucket}
     * answers in the calling thread (null with Redis).
     */
    record Meter(String scope, String kind, long perMinute, Bucket bucket, AsyncBucketProxy async, AsyncBucketProxy asyncRead) {

        CompletableFuture<ConsumptionProbe> takeOne() {
            return async != null ? async.tryConsumeAndReturnRemaining(1) : now(() -> bucket.tryConsumeAndReturnRemaining(1));
        }

        /** What is left, and how long until one token is, in one operation. */
        CompletableFuture<EstimationProbe> estimate() {
            return asyncRead != null ? asyncRead.estimateAbilityToConsume(1) : now(() -> bucket.estimateAbilityToConsume(1));
        }

        /** Gives back a request taken for one that another check refused. */
        CompletableFuture<?> giveBack() {
            return async != null ? async.addTokens(1) : now(() -> {
                bucket.addTokens(1);
                return null;
            });
        }

        /** What is left now (the views). */
        long available() {
            return asyncRead != null ? join(asyncRead.getAvailableTokens()) : bucket.getAvailableTokens();
        }

        /** The answer's tokens, taken even past the limit (the scope owes them). */
        CompletableFuture<?> owe(long tokens) {
            return async != null ? async.consumeIgnoringRateLimits(tokens) : now(() -> bucket.consumeIgnoringRateLimits(tokens));
        }
    }

    Meter meter(String scope, String kind, long perMinute) {
        BucketConfiguration config = BucketConfiguration.builder()
                .addLimit(l -> l.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1))).build();
        String name = scope + ":" + kind + ":" + perMinute;
        AsyncBucketProxy async = store.asyncBucket(name, config, true);
        return new Meter(scope, kind, perMinute, async == null ? store.bucket(name, config) : null, async,
                store.asyncBucket(name, config, false));
    }

    /** The request taken (see {@link Meter#takeOne}); returns the remaining count, or refuses. */
    static long takeRequest(Meter m, ConsumptionProbe p, String who) {
        if (!p.isConsumed()) {
            long wait = seconds(p.getNanosToWaitForRefill());
            throw SpendRefusal.rate("requests", "Rate limit reached for requests per minute on " + who + ": limit "
                    + m.perMinute() + ". Please try again in " + wait + "s.", wait);
        }
        return p.getRemainingTokens();
    }

    /** Refuses while the scope owes tokens (see {@link Meter#estimate}); returns what is left of its minute. */
    static long checkTokens(Meter m, EstimationProbe p, String who) {
        long left = p.getRemainingTokens();
        if (!p.canBeConsumed()) {
            long wait = seconds(p.getNanosToWaitForRefill());
            throw SpendRefusal.rate("tokens", "Rate limit reached for tokens per minute on " + who + ": limit "
                    + m.perMinute() + ", used " + (m.perMinute() - left) + ". Please try again in " + wait + "s.", wait);
        }
        return left;
    }

    /** A store answering in the calling thread, as a future: its value, or what it threw. */
    static <T> CompletableFuture<T> now(Supplier<T> call) {
        try {
            return CompletableFuture.completedFuture(call.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Waits for the store's answer; its failure is thrown as it was raised. */
    static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** OpenAI's headers for the tighter of the key's and the account's limit of a kind. */
    static void headers(Map<String, String> out, String kind, List<long[]> limitsAndRemaining) {
        long[] tight = null;
        for (long[] lr : limitsAndRemaining) {
            if (tight == null || lr[1] < tight[1]) {
                tight = lr;
            }
        }
        if (tight == null) {
            return;
        }
        long remaining = Math.max(0, tight[1]);
        out.put("x-ratelimit-limit-" + kind, Long.toString(tight[0]));
        out.put("x-ratelimit-remaining-" + kind, Long.toString(remaining));
        out.put("x-ratelimit-reset-" + kind, duration((tight[0] - tight[1]) * MINUTE_NANOS / tight[0]));
    }

    /** Time until full, as OpenAI writes it: {@code 1s}, {@code 6m0s}, {@code 120ms}. */
    static String duration(long nanos) {
        long ms = Math.max(0, nanos / 1_000_000);
        if (ms < 1000) {
            return ms + "ms";
        }
        long s = ms / 1000;
        return s < 60 ? s + "s" : (s / 60) + "m" + (s % 60) + "s";
    }

    static long seconds(long nanos) {
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }

    static List<long[]> list() {
        return new ArrayList<>(2);
    }
}
