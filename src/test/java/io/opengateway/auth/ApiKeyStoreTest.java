package io.opengateway.auth;

import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.opengateway.config.GatewayDatabase;
import io.opengateway.support.PostgresDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/** The key store on both databases the gateway runs on, with the same migrations. */
class ApiKeyStoreTest {

    private static ApiKeyStore store(String db) {
        DataSource ds;
        if (db.equals("postgresql")) {
            PostgresDatabase.assumeAvailable();
            ds = PostgresDatabase.dataSource(PostgresDatabase.freshSchemaUrl());
        } else {
            ds = new DriverManagerDataSource("jdbc:h2:mem:keys-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
            GatewayDatabase.migrate(GatewayDatabase.flyway().dataSource(ds));
        }
        return new ApiKeyStore(ds);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void a_created_key_authenticates_until_revoked(String db) {
        ApiKeyStore store = store(db);
        ApiKeyStore.Created created = store.create("acme", "ci");

        assertThat(created.secret()).startsWith("og-").hasSizeGreaterThan(40);
        assertThat(store.authenticate(created.secret()).id()).isEqualTo(created.key().id());
        assertThat(store.authenticate(created.secret()).account()).isEqualTo("acme");
        assertThat(store.authenticate(created.secret() + "x")).isNull();

        assertThat(store.revoke(created.key().id())).isTrue();
        assertThat(store.authenticate(created.secret())).isNull();
        assertThat(store.list()).singleElement().satisfies(k -> assertThat(k.revokedAt()).isNotNull());
        assertThat(store.revoke("key_missing")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void only_a_hash_of_the_key_is_stored(String db) {
        ApiKeyStore store = store(db);
        ApiKeyStore.Created created = store.create("acme", "ci");

        JdbcTemplate jdbc = (JdbcTemplate) org.springframework.test.util.ReflectionTestUtils.getField(store, "jdbc");
        String stored = jdbc.queryForObject("SELECT key_hash FROM api_keys WHERE id = ?", String.class, created.key().id());
        assertThat(stored).hasSize(64).doesNotContain(created.secret().substring(3));
    }
}
