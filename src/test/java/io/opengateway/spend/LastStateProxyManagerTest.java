package io.opengateway.spend;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import io.opengateway.support.RedisServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The remembered-state proxy manager on a real Redis: a bucket this replica changed last is changed
 * in one round trip (no GET), and when another replica changed it meanwhile the swap fails, the real
 * state is read and every token is still counted exactly once.
 */
class LastStateProxyManagerTest {

    private final List<RedisClient> clients = new ArrayList<>();
    private final ConcurrentHashMap<String, AtomicInteger> sent = new ConcurrentHashMap<>();
    private final String bucket = RedisServer.freshPrefix() + "rl:key:requests:1000";
    private final BucketConfiguration config = BucketConfiguration.builder()
            .addLimit(l -> l.capacity(1000).refillGreedy(1000, Duration.ofDays(1))).build();

    @BeforeEach
    void redis() {
        RedisServer.assumeAvailable();
    }

    @AfterEach
    void close() {
        clients.forEach(RedisClient::shutdown);
    }

    /** A replica's manager on a connection of its own; every command it sends is counted by name. */
    private LastStateProxyManager replica(String name) {
        RedisClient client = RedisClient.create(RedisServer.url());
        clients.add(client);
        client.addListener(new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                sent.computeIfAbsent(name + ":" + event.getCommand().getType().toString(), k -> new AtomicInteger()).incrementAndGet();
            }
        });
        StatefulRedisConnection<String, byte[]> connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        return new LastStateProxyManager(SharedStore.lettuce(connection), 1000);
    }

    private AsyncBucketProxy on(LastStateProxyManager replica) {
        return replica.asAsync().builder().build(bucket, () -> CompletableFuture.completedFuture(config));
    }

    private int count(String replicaAndCommand) {
        AtomicInteger n = sent.get(replicaAndCommand);
        return n == null ? 0 : n.get();
    }

    @Test
    void a_bucket_this_replica_changed_last_is_taken_from_in_one_round_trip() {
        AsyncBucketProxy a = on(replica("a"));
        assertThat(a.tryConsumeAndReturnRemaining(1).join().getRemainingTokens()).isEqualTo(999); // creates the bucket
        int gets = count("a:GET");
        int swaps = count("a:EVAL");
        for (int i = 1; i < 10; i++) {
            assertThat(a.tryConsumeAndReturnRemaining(1).join().getRemainingTokens()).isEqualTo(999 - i);
        }
        assertThat(count("a:GET")).as("no read once the bucket was changed here").isEqualTo(gets);
        assertThat(count("a:EVAL") - swaps).as("one compare-and-swap a take").isEqualTo(9);
    }

    @Test
    void a_change_by_another_replica_fails_the_swap_and_is_read_before_the_next_take() {
        LastStateProxyManager managerA = replica("a");
        AsyncBucketProxy a = on(managerA);
        AsyncBucketProxy b = on(replica("b"));
        a.tryConsumeAndReturnRemaining(1).join();
        a.tryConsumeAndReturnRemaining(1).join();
        assertThat(b.tryConsumeAndReturnRemaining(5).join().getRemainingTokens()).isEqualTo(993);
        int getsBefore = count("a:GET");

        // a still remembers 998 left: its swap fails, Bucket4j reads the real state and takes from 993
        assertThat(a.tryConsumeAndReturnRemaining(1).join().getRemainingTokens()).isEqualTo(992);
        assertThat(count("a:GET")).isEqualTo(getsBefore + 1);

        for (int i = 0; i < 20; i++) {
            (i % 2 == 0 ? a : b).tryConsumeAndReturnRemaining(1).join();
        }
        CompletableFuture<?>[] both = new CompletableFuture<?>[40];
        for (int i = 0; i < both.length; i++) {
            both[i] = (i % 2 == 0 ? a : b).tryConsumeAndReturnRemaining(1);
        }
        CompletableFuture.allOf(both).join();
        assertThat(on(replica("c")).getAvailableTokens().join()).as("every take counted once").isEqualTo(992 - 20 - 40);
        assertThat(managerA.remembered()).isEqualTo(1);
    }
}
