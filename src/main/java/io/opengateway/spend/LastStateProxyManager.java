package io.opengateway.spend;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AsyncCompareAndSwapOperation;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager;

/**
 * Bucket4j's Lettuce proxy manager, which changes a bucket in two round trips (GET, then a
 * compare-and-swap script), taught to skip the GET when it can: it remembers the state it last
 * wrote or read for each bucket and offers it as the compare-and-swap's expected value. Redis still
 * decides: when another replica (or a concurrent request here) changed the bucket meanwhile, or it
 * expired, the swap fails and Bucket4j's own retry reads the real state (GET) and tries again. So
 * every change stays exactly as Bucket4j computes it on the shared state, and a bucket this replica
 * changed last costs one round trip instead of two.
 * <p>
 * Only for operations that write (taking, giving back, owing tokens): an operation that only reads
 * never reaches the compare-and-swap that would catch a stale remembered state, so reads go through
 * the plain manager ({@link SharedStore}).
 */
final class LastStateProxyManager extends LettuceBasedProxyManager<String> {

    /** Bounded by the buckets in use: their names carry scope and limit, and idle ones are dropped. */
    private final ConcurrentHashMap<String, byte[]> last = new ConcurrentHashMap<>();
    private final int maxRemembered;

    LastStateProxyManager(Bucket4jLettuce.LettuceBasedProxyManagerBuilder<String> builder, int maxRemembered) {
        super(builder);
        this.maxRemembered = maxRemembered;
    }

    @Override
    protected AsyncCompareAndSwapOperation beginAsyncCompareAndSwapOperation(String key) {
        AsyncCompareAndSwapOperation redis = super.beginAsyncCompareAndSwapOperation(key);
        return new AsyncCompareAndSwapOperation() {
            // Bucket4j calls getStateData again on this same operation when the swap failed: from then on, Redis
            private boolean guessed;

            @Override
            public CompletableFuture<Optional<byte[]>> getStateData(Optional<Long> timeoutNanos) {
                byte[] known = guessed ? null : last.get(key);
                if (known != null) {
                    guessed = true;
                    return CompletableFuture.completedFuture(Optional.of(known));
                }
                guessed = true;
                return redis.getStateData(timeoutNanos);
            }

            @Override
            public CompletableFuture<Boolean> compareAndSwap(byte[] originalData, byte[] newData, RemoteBucketState newState,
                                                             Optional<Long> timeoutNanos) {
                return redis.compareAndSwap(originalData, newData, newState, timeoutNanos).whenComplete((swapped, e) -> {
                    if (Boolean.TRUE.equals(swapped)) {
                        remember(key, newData);
                    } else {
                        last.remove(key, originalData);
                    }
                });
            }
        };
    }

    private void remember(String key, byte[] state) {
        if (last.size() >= maxRemembered && !last.containsKey(key)) {
            last.clear(); // many buckets at once: start over rather than grow; the cost is one GET each
        }
        last.put(key, state);
    }

    @Override
    public void removeProxy(String key) {
        last.remove(key);
        super.removeProxy(key);
    }

    /** For tests: how many buckets' states are remembered. */
    int remembered() {
        return last.size();
    }
}
