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

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void how_a_record_was_priced_is_stored_with_it(String db) {
        DataSource ds = database(db);
        BillingRecord r = SampleRecords.pricedAsToday("req_tiered");

        new BillingStore(ds).insert(List.of(r));

        BillingRecord back = new UsageQueries(ds).find("req_tiered");
        assertThat(back.usage()).isEqualTo(r.usage());
        assertThat(back.usage().cacheWrite1hTokens()).isEqualTo(3_000);
        assertThat(back.usage().serviceTier()).isEqualTo("fast");
        assertThat(back.usage().inferenceGeo()).isEqualTo("us");
        assertThat(back.priceMissing()).isEqualTo("inference_geo");
        assertThat(back.rates().pricingTier()).isEqualTo("over_200k");
        assertThat(back.rates().priceVersion()).isEqualTo("2026-12-01");
        assertThat(back.rates().cacheWrite1hPerMtok()).isEqualByComparingTo(r.rates().cacheWrite1hPerMtok());
        assertThat(back.event().failedAttempts()).isEqualTo(r.event().failedAttempts());
        assertThat(CostCalculator.cost(back.usage(), back.rates().prices(), back.rates().feePercent()).total())
                .as("re-checked from the stored record alone").isEqualByComparingTo(r.cost().total());
    }

    /** A database at V2 with a record written the V2 way, then the V3 migration. */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void a_record_stored_before_v3_keeps_its_meaning(String db) {
        DataSource ds;
        if (db.equals("postgresql")) {
            PostgresDatabase.assumeAvailable();
            String url = PostgresDatabase.freshSchemaUrl(); // fully migrated: take it back to a new schema at V2
            String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length()) + "_v2";
            new JdbcTemplate(PostgresDatabase.dataSource(url)).execute("CREATE SCHEMA " + schema);
            String v2 = url.replaceAll("currentSchema=[^&]*", "currentSchema=" + schema);
            ds = PostgresDatabase.dataSource(v2);
            GatewayDatabase.migrate(GatewayDatabase.flyway().dataSource(ds).schemas(schema).target("2"));
        } else {
            ds = new DriverManagerDataSource("jdbc:h2:mem:billing-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
            GatewayDatabase.migrate(GatewayDatabase.flyway().dataSource(ds).target("2"));
        }
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        // 300 × 5 + 50 000 × 0.5 + 2 000 × 6.25 + 1 000 × 25 = 64 000 per million, at 5 %
        jdbc.update("INSERT INTO billing_records (request_id, account, key_id, endpoint, requested_model, served_model, "
                + "provider, attempts, prompt_tokens, completion_tokens, cached_tokens, cache_write_tokens, "
                + "reasoning_tokens, usage_reported, input_per_mtok, output_per_mtok, cached_input_per_mtok, "
                + "cache_write_per_mtok, fee_percent, provider_cost_usd, platform_fee_usd, total_cost_usd, status, "
                + "streamed, latency_ms, created_at, note) VALUES ('req_v2', 'acme', 'key_1', 'chat', 'm', "
                + "'anthropic/claude-opus-4-5', 'anthropic', 1, 52300, 1000, 50000, 2000, 600, TRUE, 5, 25, 0.5, 6.25, "
                + "5, 0.064, 0.0032, 0.0672, 'ok', FALSE, 10, TIMESTAMP WITH TIME ZONE '2026-11-01 10:00:00+00', NULL)");
        GatewayDatabase.migrate(db.equals("postgresql")
                ? GatewayDatabase.flyway().dataSource(ds).schemas(jdbc.queryForObject("SELECT current_schema()", String.class))
                : GatewayDatabase.flyway().dataSource(ds));

        BillingRecord old = new UsageQueries(ds).find("req_v2");
        assertThat(old.usage().cacheWriteTokens()).isEqualTo(2_000);
        assertThat(old.usage().cacheWrite5mTokens()).as("every V2 cache write was billed at the one write price")
                .isEqualTo(2_000);
        assertThat(old.priceMissing()).isNull();
        assertThat(old.rates().priceVersion()).isNull();
        assertThat(old.rates().pricingTier()).isNull();
        assertThat(old.cost().total()).isEqualByComparingTo("0.0672");
        assertThat(CostCalculator.cost(old.usage(), old.rates().prices(), old.rates().feePercent()).total())
                .as("its components still add up to what it was billed").isEqualByComparingTo("0.0672");
    }
}
