package io.opengateway.spend;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import io.opengateway.support.PostgresDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests in flight in PostgreSQL (replicas without Redis): slots, reservations, deadlines. */
class JdbcInFlightTest {

    private JdbcInFlight inFlight;
    private JdbcTemplate jdbc;

    @BeforeEach
    void freshSchema() {
        PostgresDatabase.assumeAvailable();
        var ds = PostgresDatabase.dataSource(PostgresDatabase.freshSchemaUrl());
        jdbc = new JdbcTemplate(ds);
        inFlight = new JdbcInFlight(ds, new SpendSettings(null, Duration.ofSeconds(1), "og:", "open", "closed",
                Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofHours(1)));
    }

    @Test
    void a_slot_is_held_until_the_request_ends_and_its_cost_until_its_record_is_in_the_ledger() {
        List<InFlight.Check> oneAtATime = List.of(new InFlight.Check("key:k", 1, 1000));
        assertThat(inFlight.admit("r1", oneAtATime, 600)).isNull();

        InFlight.Refusal busy = inFlight.admit("r2", oneAtATime, 100);
        assertThat(busy.budget()).isFalse();
        assertThat(busy.active()).isEqualTo(1);

        inFlight.finish("r1", List.of("key:k"), 500);
        assertThat(inFlight.reserved("key:k")).isEqualTo(500);
        InFlight.Refusal broke = inFlight.admit("r3", oneAtATime, 501);
        assertThat(broke.budget()).as("500 held of 1000: 501 more does not fit").isTrue();
        assertThat(inFlight.admit("r4", oneAtATime, 500)).isNull();

        inFlight.recorded("r1", List.of("key:k"));
        assertThat(inFlight.reserved("key:k")).isEqualTo(500);
    }

    @Test
    void what_a_crashed_replica_held_is_let_go_at_its_deadline() {
        List<InFlight.Check> one = List.of(new InFlight.Check("account:a", 1, -1));
        assertThat(inFlight.admit("r1", one, 0)).isNull();
        jdbc.update("UPDATE spend_inflight SET expires_at = ? WHERE request_id = 'r1'", System.currentTimeMillis() - 1);

        assertThat(inFlight.admit("r2", one, 0)).isNull();
    }
}
