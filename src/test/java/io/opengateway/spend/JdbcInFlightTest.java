package io.opengateway.spend;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import io.opengateway.support.PostgresDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests in flight in PostgreSQL (replicas without Redis): slots, reservations, deadlines. */
class JdbcInFlightTest extends InFlightContract {

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

    @Override
    InFlight store() {
        return inFlight;
    }

    @Test
    void what_a_crashed_replica_held_is_let_go_at_its_deadline() {
        List<InFlight.Check> one = List.of(new InFlight.Check("account:a", 1, -1));
        assertThat(inFlight.admit("r1", one, 0)).isNull();
        jdbc.update("UPDATE spend_inflight SET expires_at = ? WHERE request_id = 'r1'", System.currentTimeMillis() - 1);

        assertThat(inFlight.admit("r2", one, 0)).isNull();
    }
}
