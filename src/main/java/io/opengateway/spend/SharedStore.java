package io.opengateway.spend;

import java.sql.DatabaseMetaData;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Component;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.api.StatefulRedisConnection;

import io.opengateway.config.GatewayDatabase;

/**
 * Where the counters of spend control live, shared by every replica: Redis when
 * {@code opengateway.spend.redis-url} is set; else PostgreSQL when that is the gateway's database;
 * else (the embedded H2, one process) memory. The rate limits are Bucket4j token buckets in that
 * store (Bucket4j's Lettuce compare-and-swap, or its PostgreSQL SELECT … FOR UPDATE proxy manager);
 * the requests in flight are an {@link InFlight} in the same store.
 */
@Component
public class SharedStore {

    private static final Logger LOG = LoggerFactory.getLogger(SharedStore.class);
    /** A bucket nobody used for this long is dropped from the store; refilling takes at most a minute. */
    private static final Duration IDLE_BUCKET = Duration.ofMinutes(2);
    static final String BUCKET_TABLE = "opengateway_rate_buckets";
    /** The Redis buckets a replica keeps a proxy and a last state of (two per key or account with limits). */
    private static final int REMEMBERED_BUCKETS = 100_000;

    public enum Kind { REDIS, POSTGRESQL, MEMORY }

    private final Kind kind;
    private final InFlight inFlight;
    private final RedisLink redis;
    private final String redisPrefix;
    private final ProxyManager<String> database;
    private volatile RedisManagers redisManagers;
    private final ConcurrentHashMap<String, Bucket> local = new ConcurrentHashMap<>();
    /** Redis proxies, kept: Bucket4j batches only the commands of one proxy. */
    private final ConcurrentHashMap<String, AsyncBucketProxy> proxies = new ConcurrentHashMap<>();

    public SharedStore(SpendSettings settings, RedisLink redis, GatewayDatabase db) {
        this.redis = redis;
        this.redisPrefix = settings.redisPrefix();
        DataSource ds = db.dataSource();
        if (redis.configured()) {
            kind = Kind.REDIS;
            inFlight = new RedisInFlight(redis, settings);
            database = null;
        } else if (postgres(ds)) {
            kind = Kind.POSTGRESQL;
            inFlight = new JdbcInFlight(ds, settings);
            db.jdbc().execute("CREATE TABLE IF NOT EXISTS " + BUCKET_TABLE
                    + " (id VARCHAR(300) PRIMARY KEY, state BYTEA, expires_at BIGINT)");
            database = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(ds).primaryKeyMapper(PrimaryKeyMapper.STRING)
                    .table(BUCKET_TABLE).idColumn("id").stateColumn("state").expiresAtColumn("expires_at")
                    .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(IDLE_BUCKET))
                    .build();
        } else {
            kind = Kind.MEMORY;
            inFlight = new MemoryInFlight();
            database = null;
        }
        LOG.info("Spend control: limits and budgets counted in {}", switch (kind) {
            case REDIS -> "Redis (shared by every replica)";
            case POSTGRESQL -> "PostgreSQL (shared by every replica)";
            case MEMORY -> "this process's memory (the embedded database serves one gateway)";
        });
    }

    private static boolean postgres(DataSource ds) {
        try {
            return "PostgreSQL".equals(JdbcUtils.extractDatabaseMetaData(ds, DatabaseMetaData::getDatabaseProductName));
        } catch (MetaDataAccessException e) {
            throw new IllegalStateException("Cannot tell which database the gateway uses: " + e.getMessage(), e);
        }
    }

    public Kind kind() {
        return kind;
    }

    public InFlight inFlight() {
        return inFlight;
    }

    /**
     * The bucket named {@code name} (its configuration is part of its name: a changed limit starts a
     * new one), answering in the calling thread: in memory or PostgreSQL. Redis buckets are
     * asynchronous ({@link #asyncBucket}).
     */
    public Bucket bucket(String name, BucketConfiguration config) {
        return switch (kind) {
            case MEMORY -> local.computeIfAbsent(name, n -> {
                var b = Bucket.builder();
                java.util.Arrays.stream(config.getBandwidths()).forEach(b::addLimit);
                return b.build();
            });
            case POSTGRESQL -> database.builder().build(name, () -> config);
            case REDIS -> throw new IllegalStateException("Redis buckets are asynchronous: SharedStore.asyncBucket");
        };
    }

    /**
     * The same bucket through Bucket4j's asynchronous proxy when the store is Redis (its commands are
     * pipelined on the one connection), else null: the others answer in the calling thread.
     * {@code writes}: for operations that change the bucket, which may then skip their read
     * ({@link LastStateProxyManager}); reads must not.
     * <p>
     * Each proxy batches (Bucket4j's {@code Optimizations.batching()}): while a command on a bucket is
     * at Redis, the ones this replica makes meanwhile wait and then go as one command, applied in
     * order to the state Redis holds, so it is as exact as single commands. Without it, concurrent
     * requests on one key each tried to swap the same bucket and all but one swap failed and was
     * retried: with 16 clients on one key, 13 EVALs and 19 GETs per request (spend.sh).
     */
    public AsyncBucketProxy asyncBucket(String name, BucketConfiguration config, boolean writes) {
        if (kind != Kind.REDIS) {
            return null;
        }
        String key = (writes ? "w:" : "r:") + name;
        AsyncBucketProxy proxy = proxies.get(key);
        if (proxy != null) {
            return proxy;
        }
        if (proxies.size() >= REMEMBERED_BUCKETS) {
            proxies.clear(); // many buckets at once: start over rather than grow
        }
        ProxyManager<String> manager = writes ? redisManagers().writes() : redisManagers().reads();
        return proxies.computeIfAbsent(key, k -> manager.asAsync().builder().withOptimization(Optimizations.batching())
                .build(redisPrefix + "rl:" + name, () -> CompletableFuture.completedFuture(config)));
    }

    /** Bucket4j's managers on the Redis connection: the plain one, and the one whose writes may skip their read. */
    private record RedisManagers(ProxyManager<String> reads, LastStateProxyManager writes) {
    }

    private RedisManagers redisManagers() {
        RedisManagers m = redisManagers;
        if (m == null) {
            synchronized (this) {
                if (redisManagers == null) {
                    StatefulRedisConnection<String, byte[]> connection = redis.connection();
                    redisManagers = new RedisManagers(lettuce(connection).build(),
                            new LastStateProxyManager(lettuce(connection), REMEMBERED_BUCKETS));
                }
                m = redisManagers;
            }
        }
        return m;
    }

    /** Bucket4j's compare-and-swap buckets on the connection, dropped when idle. */
    static Bucket4jLettuce.LettuceBasedProxyManagerBuilder<String> lettuce(StatefulRedisConnection<String, byte[]> connection) {
        return Bucket4jLettuce.casBasedBuilder(connection)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(IDLE_BUCKET));
    }
}
