package io.opengateway.spend;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code opengateway.spend.*}: where the counters every replica shares live, and what happens when
 * that store is down. {@code redisUrl} set: Redis. Else a PostgreSQL database: the database. Else
 * (the embedded H2): this process's memory.
 *
 * @param redisUrl        e.g. {@code redis://127.0.0.1:6379}; null or blank: no Redis
 * @param redisTimeout    the longest a check waits for Redis before it counts as down
 * @param redisPrefix     the start of every Redis key the gateway writes (gateways that share a Redis
 *                        but not their keys each take their own)
 * @param rateLimitsWhenDown {@code open}: serve without request, token and concurrency limits while
 *                        the store is down; {@code closed}: refuse with 503
 * @param budgetsWhenDown the same for budgets
 * @param settingsRefresh how long a replica uses limits and budgets it read before reading them again
 *                        (the replica that took the admin write uses the new ones at once)
 * @param slotTtl         how long a request's concurrency slot and reservation outlive the last
 *                        sign of life of the replica that holds them (it renews them every third of it)
 * @param settledHold     how long a finished request's cost is held after its end when its billing
 *                        record does not reach the database (normally it is let go when it does)
 */
@ConfigurationProperties("opengateway.spend")
public record SpendSettings(
        String redisUrl,
        @DefaultValue("1s") Duration redisTimeout,
        @DefaultValue("og:") String redisPrefix,
        @DefaultValue("open") String rateLimitsWhenDown,
        @DefaultValue("closed") String budgetsWhenDown,
        @DefaultValue("5s") Duration settingsRefresh,
        @DefaultValue("30s") Duration slotTtl,
        @DefaultValue("1h") Duration settledHold) {

    public boolean redis() {
        return redisUrl != null && !redisUrl.isBlank();
    }

    public boolean rateLimitsFailOpen() {
        return !"closed".equalsIgnoreCase(rateLimitsWhenDown);
    }

    public boolean budgetsFailOpen() {
        return "open".equalsIgnoreCase(budgetsWhenDown);
    }
}
