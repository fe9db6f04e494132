package io.opengateway.spend;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.opengateway.support.RedisServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests in flight in Redis: slots, reservations and deadlines ({@link InFlightContract}, as in
 * PostgreSQL); the totals an admission reads stay equal to what its entries hold.
 */
class RedisInFlightTest extends InFlightContract {

    private final String prefix = RedisServer.freshPrefix();
    private final List<RedisLink> links = new ArrayList<>();

    @BeforeEach
    void redis() {
        RedisServer.assumeAvailable();
    }

    @AfterEach
    void close() {
        links.forEach(RedisLink::destroy);
    }

    /** A replica's in-flight store; a negative slot TTL makes one whose entries are past their deadline at once. */
    private RedisInFlight replica(Duration slotTtl) {
        SpendSettings settings = new SpendSettings(RedisServer.url(), Duration.ofSeconds(5), prefix, "open", "closed",
                Duration.ofSeconds(5), slotTtl, Duration.ofHours(1));
        RedisLink link = new RedisLink(settings);
        links.add(link);
        return new RedisInFlight(link, settings);
    }

    @Override
    InFlight store() {
        return replica(Duration.ofSeconds(30));
    }

    @Test
    void a_concurrency_limit_without_a_budget_reserves_nothing_and_frees_its_slot_at_the_end() {
        RedisInFlight inFlight = replica(Duration.ofSeconds(30));
        List<InFlight.Check> oneAtATime = List.of(new InFlight.Check("key:c", 1, -1));
        assertThat(inFlight.admit("r1", oneAtATime, 0)).isNull();
        assertThat(inFlight.admit("r2", oneAtATime, 0).active()).isEqualTo(1);

        inFlight.finish("r1", List.of("key:c"), 0);
        assertThat(inFlight.admit("r3", oneAtATime, 0)).as("r1 ended: its slot is free").isNull();
        inFlight.recorded("r1", List.of("key:c"));
        inFlight.recorded("r3", List.of("key:c"));
        assertThat(inFlight.admit("r4", oneAtATime, 0)).isNull();
        assertThat(inFlight.reserved("key:c")).isZero();
    }

    @Test
    void what_a_crashed_replica_held_is_let_go_at_its_deadline() {
        List<InFlight.Check> one = List.of(new InFlight.Check("account:a", 1, 1000));
        assertThat(replica(Duration.ofSeconds(-1)).admit("r1", one, 700)).isNull();

        RedisInFlight alive = replica(Duration.ofSeconds(30));
        assertThat(alive.admit("r2", one, 1000)).as("r1's slot and reservation are past their deadline").isNull();
        assertThat(alive.reserved("account:a")).isEqualTo(1000);
    }

    @Test
    void the_totals_follow_every_entry_across_scopes_and_replicas() {
        RedisInFlight a = replica(Duration.ofSeconds(30));
        RedisInFlight b = replica(Duration.ofSeconds(30));
        List<InFlight.Check> both = List.of(new InFlight.Check("key:k", 3, -1), new InFlight.Check("account:x", -1, 10_000));
        assertThat(a.admit("r1", both, 2_000)).isNull();
        assertThat(b.admit("r2", both, 3_000)).isNull();
        assertThat(a.admit("r3", both, 4_000)).isNull();

        InFlight.Refusal slots = b.admit("r4", both, 1);
        assertThat(slots.scope()).isEqualTo("key:k");
        assertThat(slots.active()).isEqualTo(3);

        a.finish("r1", List.of("key:k", "account:x"), 1_000);   // a slot freed, 1,000 of 2,000 kept
        b.renew("r2", List.of("key:k", "account:x"));           // still running: nothing changes
        InFlight.Refusal money = b.admit("r4", both, 2_001);
        assertThat(money.scope()).isEqualTo("account:x");
        assertThat(money.budget()).isTrue();
        assertThat(money.reservedNanos()).isEqualTo(8_000);
        assertThat(b.admit("r4", both, 2_000)).isNull();

        a.recorded("r1", List.of("key:k", "account:x"));
        a.recorded("r1", List.of("key:k", "account:x"));      // twice: the second finds nothing
        a.finish("r1", List.of("key:k", "account:x"), 9_999); // after its record: stays gone
        assertThat(a.reserved("account:x")).isEqualTo(9_000);
        assertThat(a.reserved("key:k")).isEqualTo(9_000);
    }

    @Test
    void amounts_past_what_a_lua_number_prints_exactly_are_counted_to_the_nano() {
        RedisInFlight inFlight = replica(Duration.ofSeconds(30));
        long big = 123_456_789_012_345_678L; // Lua would print it as 1.2345678901235e+17
        assertThat(inFlight.admit("r1", List.of(new InFlight.Check("account:big", -1, -1)), big)).isNull();
        inFlight.finish("r1", List.of("account:big"), big - 1);
        assertThat(inFlight.admit("r2", List.of(new InFlight.Check("account:big", -1, -1)), 1)).isNull();
        inFlight.recorded("r1", List.of("account:big"));
        assertThat(inFlight.reserved("account:big")).isEqualTo(1);
    }
}
