package io.opengateway.auth;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.opengateway.config.GatewayDatabase;
import io.opengateway.config.GatewayProperties;
import io.opengateway.error.GatewayException;
import io.opengateway.support.SwitchableDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Key checks while the database cannot be reached: a key confirmed within the grace time passes,
 * every other key (never seen, revoked, confirmed too long ago, evicted) is a 503, not a 401.
 */
class ApiKeyStoreOutageTest {

    private static final Duration GRACE = Duration.ofMinutes(10);

    private final AtomicLong now = new AtomicLong();
    private final SwitchableDataSource db = new SwitchableDataSource(migrated());

    private static DataSource migrated() {
        DataSource ds = new DriverManagerDataSource("jdbc:h2:mem:outage-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        GatewayDatabase.migrate(GatewayDatabase.flyway().dataSource(ds));
        return ds;
    }

    private ApiKeyStore store(int maxKeys) {
        return new ApiKeyStore(db, new GatewayProperties.Auth(GRACE, maxKeys), now::get);
    }

    private static void assertUnavailable(ThrowingCallable check) {
        assertThatThrownBy(check).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.type()).isEqualTo("server_error");
            assertThat(e.code()).isEqualTo("key_check_unavailable");
            assertThat(e.retryAfter()).isEqualTo("5");
        });
    }

    @Test
    void a_key_checked_within_the_grace_time_passes_and_any_other_key_gets_503() {
        ApiKeyStore store = store(100);
        ApiKeyStore.Created used = store.create("acme", "used");
        ApiKeyStore.Created unused = store.create("acme", "unused");
        ApiKeyStore.Created revoked = store.create("acme", "revoked");
        assertThat(store.authenticate(used.secret())).isNotNull();
        assertThat(store.authenticate(revoked.secret())).isNotNull();
        store.revoke(revoked.key().id());
        assertThat(store.authenticate(revoked.secret())).as("the database saw the revocation").isNull();

        db.down(true);
        assertThat(store.authenticate(used.secret()).id()).isEqualTo(used.key().id());
        assertUnavailable(() -> store.authenticate(unused.secret()));
        assertUnavailable(() -> store.authenticate(revoked.secret()));
        assertUnavailable(() -> store.authenticate(ApiKeyStore.PREFIX + "never-issued"));
        assertThat(store.authenticate("sk-not-a-gateway-key")).as("not a gateway key at all: 401 as always").isNull();

        now.addAndGet(GRACE.toNanos() + 1);
        assertUnavailable(() -> store.authenticate(used.secret()));

        db.down(false);
        assertThat(store.authenticate(used.secret()).id()).as("the database answers again").isEqualTo(used.key().id());
        assertThat(store.authenticate(unused.secret())).isNotNull();
    }

    @Test
    void a_key_revoked_here_gets_503_in_an_outage_that_follows_before_any_check_of_it() {
        ApiKeyStore store = store(100);
        ApiKeyStore.Created key = store.create("acme", "ci");
        assertThat(store.authenticate(key.secret())).isNotNull();
        store.revoke(key.key().id());

        db.down(true);
        assertUnavailable(() -> store.authenticate(key.secret()));
    }

    @Test
    void only_the_most_recently_checked_keys_are_remembered() {
        ApiKeyStore store = store(2);
        ApiKeyStore.Created first = store.create("acme", "first");
        ApiKeyStore.Created second = store.create("acme", "second");
        ApiKeyStore.Created third = store.create("acme", "third");
        store.authenticate(first.secret());
        store.authenticate(second.secret());
        store.authenticate(first.secret());
        store.authenticate(third.secret());

        db.down(true);
        assertThat(store.authenticate(first.secret())).isNotNull();
        assertThat(store.authenticate(third.secret())).isNotNull();
        assertUnavailable(() -> store.authenticate(second.secret()));
    }

    @Test
    void a_grace_time_of_zero_turns_the_fallback_off() {
        ApiKeyStore store = new ApiKeyStore(db, new GatewayProperties.Auth(Duration.ZERO, 100), now::get);
        ApiKeyStore.Created key = store.create("acme", "ci");
        assertThat(store.authenticate(key.secret())).isNotNull();

        db.down(true);
        assertUnavailable(() -> store.authenticate(key.secret()));
    }
}
