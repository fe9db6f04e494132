package io.opengateway.spend;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;

/**
 * Requests and tokens per minute: a Bucket4j bucket per scope and limit, filled up to the limit and
 * refilled greedily (the limit's worth per minute, a little at a time, as OpenAI's limits refill).
 * A request takes one request token before its call; its tokens are taken after its answer, as the
 * provider counted them, so a request is refused on tokens only once a scope is in debt.
 */
final class RateLimits {

    private static final long MINUTE_NANOS = Duration.ofMinutes(1).toNanos();

    private final SharedStore store;

    RateLimits(SharedStore store) {
        this.store = store;
    }

    /** A bucket of one scope's limit; its name carries the limit, so a changed limit starts full. */
    record Meter(String scope, String kind, long perMinute, Bucket bucket) {
    }

    Meter meter(String scope, String kind, long perMinute) {
        BucketConfiguration config = BucketConfiguration.builder()
                .addLimit(l -> l.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1))).build();
        return new Meter(scope, kind, perMinute, store.bucket(scope + ":" + kind + ":" + perMinute, config));
    }

    /** Takes one request; returns the remaining count, or refuses. */
    static long takeRequest(Meter m, String who) {
        ConsumptionProbe p = m.bucket().tryConsumeAndReturnRemaining(1);
        if (!p.isConsumed()) {
            long wait = seconds(p.getNanosToWaitForRefill());
            throw SpendRefusal.rate("requests", "Rate limit reached for requests per minute on " + who + ": limit "
                    + m.perMinute() + ". Please try again in " + wait + "s.", wait);
        }
        return p.getRemainingTokens();
    }

    /** Refuses while the scope owes tokens; returns what is left of its minute. */
    static long checkTokens(Meter m, String who) {
        long left = m.bucket().getAvailableTokens();
        if (left <= 0) {
            long wait = seconds(m.bucket().estimateAbilityToConsume(1).getNanosToWaitForRefill());
            throw SpendRefusal.rate("tokens", "Rate limit reached for tokens per minute on " + who + ": limit "
                    + m.perMinute() + ", used " + (m.perMinute() - left) + ". Please try again in " + wait + "s.", wait);
        }
        return left;
    }

    /** The answer's tokens, taken even past the limit (the scope owes them). */
    static void takeTokens(List<Meter> meters, long tokens) {
        if (tokens > 0) {
            for (Meter m : meters) {
                m.bucket().consumeIgnoringRateLimits(tokens);
            }
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
