package io.opengateway.auth;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The keys this process checked against the database lately (key hash → key), for the one case
 * where the database cannot answer: a key checked within {@code grace} is still accepted then.
 * Only keys the database confirmed live are remembered; one it reports unknown or revoked is
 * forgotten at once. Bounded: the least recently checked key goes first.
 */
final class KnownKeys {

    private record Checked(ApiKey key, long atNanos) {
    }

    private final long graceNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Checked> byHash;

    KnownKeys(Duration grace, int maxKeys, LongSupplier nanoTime) {
        this.graceNanos = grace.toNanos();
        this.nanoTime = nanoTime;
        // access order: a key in use stays, a key no longer used is evicted first
        this.byHash = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Checked> eldest) {
                return size() > maxKeys;
            }
        };
    }

    boolean enabled() {
        return graceNanos > 0;
    }

    /** The database just confirmed this key live. */
    synchronized void confirmed(String hash, ApiKey key) {
        if (enabled()) {
            byHash.put(hash, new Checked(key, nanoTime.getAsLong()));
        }
    }

    /** The database just said this key is unknown or revoked. */
    synchronized void refused(String hash) {
        byHash.remove(hash);
    }

    /** The key with this id was revoked here: forget it whatever its hash (a full scan, as revocations are rare). */
    synchronized void forget(String keyId) {
        byHash.values().removeIf(c -> c.key().id().equals(keyId));
    }

    /** The key last confirmed for this hash, when that was within the grace time; else null. */
    synchronized ApiKey recall(String hash) {
        Checked c = byHash.get(hash);
        if (c == null) {
            return null;
        }
        if (nanoTime.getAsLong() - c.atNanos() > graceNanos) {
            byHash.remove(hash);
            return null;
        }
        return c.key();
    }
}
