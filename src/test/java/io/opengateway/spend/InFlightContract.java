package io.opengateway.spend;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What every shared {@link InFlight} store holds, whatever it is kept in. */
abstract class InFlightContract {

    /** A fresh store of the kind under test (its scopes hold nothing yet). */
    abstract InFlight store();

    @Test
    void a_slot_is_held_until_the_request_ends_and_its_cost_until_its_record_is_in_the_ledger() {
        InFlight inFlight = store();
        List<InFlight.Check> oneAtATime = List.of(new InFlight.Check("key:k", 1, 1000));
        assertThat(inFlight.admit("r1", oneAtATime, 600)).isNull();

        InFlight.Refusal busy = inFlight.admit("r2", oneAtATime, 100);
        assertThat(busy.budget()).isFalse();
        assertThat(busy.active()).isEqualTo(1);
        assertThat(busy.reservedNanos()).isEqualTo(600);

        inFlight.finish("r1", List.of("key:k"), 500);
        assertThat(inFlight.reserved("key:k")).isEqualTo(500);
        InFlight.Refusal broke = inFlight.admit("r3", oneAtATime, 501);
        assertThat(broke.budget()).as("500 held of 1000: 501 more does not fit").isTrue();
        assertThat(inFlight.admit("r4", oneAtATime, 500)).isNull();

        inFlight.recorded("r1", List.of("key:k"));
        assertThat(inFlight.reserved("key:k")).isEqualTo(500);
        inFlight.recorded("r4", List.of("key:k"));
        assertThat(inFlight.reserved("key:k")).isZero();
        assertThat(inFlight.admit("r5", oneAtATime, 1000)).as("nothing held: the whole headroom").isNull();
    }
}
