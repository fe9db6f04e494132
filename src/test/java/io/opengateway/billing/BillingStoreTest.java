package io.opengateway.billing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.opengateway.config.GatewayDatabase;
import io.opengateway.billing.UsageQueries.Filter;
import io.opengateway.billing.UsageQueries.Totals;
import io.opengateway.support.PostgresDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/** The ledger on both databases the gateway runs on, with the same migrations. */
class BillingStoreTest {

    static DataSource database(String db) {
        if (db.equals("postgresql")) {
            PostgresDatabase.assumeAvailable();
            return PostgresDatabase.dataSource(PostgresDatabase.freshSchemaUrl());
        }
        DataSource ds = new DriverManagerDataSource("jdbc:h2:mem:billing-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        GatewayDatabase.migrate(GatewayDatabase.flyway().dataSource(ds));
        return ds;
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void a_record_and_its_attempt_lines_are_stored_exactly(String db) {
        DataSource ds = database(db);
        BillingRecord r = SampleRecords.withFailedAttempt("req_exact", 7);

        assertThat(new BillingStore(ds).insert(List.of(r))).isEqualTo(1);

        BillingRecord back = new UsageQueries(ds).find("req_exact");
        assertThat(back.usage()).isEqualTo(r.usage());
        assertThat(back.cost().providerCost()).isEqualByComparingTo(r.cost().providerCost());
        assertThat(back.cost().platformFee()).isEqualByComparingTo(r.cost().platformFee());
        assertThat(back.cost().total()).isEqualByComparingTo(r.cost().total());
        assertThat(back.rates().cachedInputPerMtok()).isEqualByComparingTo(r.rates().cachedInputPerMtok());
        assertThat(back.event().createdAt()).isEqualTo(r.event().createdAt());
        assertThat(back.event().failedAttempts()).isEqualTo(r.event().failedAttempts());
        assertThat(back).usingRecursiveComparison().ignoringFields("cost", "rates").isEqualTo(r);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void storing_the_same_records_again_changes_nothing(String db) {
        DataSource ds = database(db);
        BillingStore store = new BillingStore(ds);
        BillingRecord a = SampleRecords.withFailedAttempt("req_a", 1);
        BillingRecord b = SampleRecords.record("req_b", 2);

        assertThat(store.insert(List.of(a))).isEqualTo(1);
        assertThat(store.insert(List.of(a, b, b))).as("a replayed, b twice in one batch").isEqualTo(1);
        assertThat(store.insert(List.of(a, b))).isZero();

        JdbcTemplate jdbc = new JdbcTemplate(ds);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM billing_records", Long.class)).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM billing_attempts", Long.class)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void the_databases_sums_of_random_records_are_exactly_the_sums_of_the_records(String db) {
        DataSource ds = database(db);
        Random rnd = new Random(CostPropertyTest.SEED);
        List<BillingRecord> records = new ArrayList<>();
        BigDecimal provider = BigDecimal.ZERO;
        BigDecimal fee = BigDecimal.ZERO;
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < 1500; i++) {
            BillingRecord r = SampleRecords.random("req_p" + i, rnd);
            records.add(r);
            provider = provider.add(r.cost().providerCost());
            fee = fee.add(r.cost().platformFee());
            total = total.add(r.cost().total());
        }
        BillingStore store = new BillingStore(ds);
        for (int i = 0; i < records.size(); i += JournalDrainer.BATCH) {
            store.insert(records.subList(i, Math.min(records.size(), i + JournalDrainer.BATCH)));
        }

        Totals t = new UsageQueries(ds).totals(new Filter(null, "acct-prop", null, null));
        assertThat(t.requests()).isEqualTo(1500);
        assertThat(t.providerCost()).isEqualByComparingTo(provider);
        assertThat(t.platformFee()).isEqualByComparingTo(fee);
        assertThat(t.total()).isEqualByComparingTo(total);
        assertThat(t.total()).isEqualByComparingTo(t.providerCost().add(t.platformFee()));
    }
}
