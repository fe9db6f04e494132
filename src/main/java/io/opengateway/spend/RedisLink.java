package io.opengateway.spend;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.time.Duration;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;

/**
 * The connection to Redis when {@code opengateway.spend.redis-url} is set. Connected on first use,
 * not at start-up, so a gateway starts while Redis is down; once connected, Lettuce reconnects by
 * itself, and commands sent while it is away fail at once (not queued) so that a check never waits
 * longer than {@code redis-timeout}.
 */
@Component
public class RedisLink implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(RedisLink.class);
    private static final long RETRY_CONNECT_NANOS = 1_000_000_000L;

    private final RedisClient client;
    private final ClientResources resources;
    private volatile StatefulRedisConnection<String, byte[]> connection;
    private volatile long lastTry;

    public RedisLink(SpendSettings settings) {
        if (!settings.redis()) {
            this.client = null;
            this.resources = null;
            return;
        }
        RedisURI uri = RedisURI.create(settings.redisUrl());
        uri.setTimeout(settings.redisTimeout());
        // reconnect every half second while Redis is away (Lettuce's default backs off to 30 s), so
        // limits resume soon after it is back
        this.resources = DefaultClientResources.builder().reconnectDelay(Delay.constant(Duration.ofMillis(500))).build();
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(settings.redisTimeout()))
                .build());
    }

    public boolean configured() {
        return client != null;
    }

    /** The connection (keys as strings, values as bytes), or an exception while Redis cannot be reached. */
    public StatefulRedisConnection<String, byte[]> connection() {
        StatefulRedisConnection<String, byte[]> c = connection;
        if (c != null) {
            return c;
        }
        synchronized (this) {
            if (connection != null) {
                return connection;
            }
            long now = System.nanoTime();
            if (lastTry != 0 && now - lastTry < RETRY_CONNECT_NANOS) {
                throw new IllegalStateException("Redis is not reachable (next try within a second)");
            }
            lastTry = now;
            connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
            LOG.info("Spend control: connected to Redis");
            return connection;
        }
    }

    @Override
    public void destroy() {
        if (client != null) {
            if (connection != null) {
                connection.close();
            }
            client.shutdown();
            resources.shutdown();
        }
    }
}
