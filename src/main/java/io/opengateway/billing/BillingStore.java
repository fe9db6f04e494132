package io.opengateway.billing;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.opengateway.config.GatewayDatabase;
import io.opengateway.billing.BillingRecord.Rates;
import io.opengateway.billing.UsageEvent.AttemptLine;
import io.opengateway.model.Usage;

/**
 * Writes billing records and their attempt lines, a batch per transaction, idempotent on the
 * request id: records the database already has are left as they are, so the journal can replay
 * anything after a crash or a lost commit acknowledgement. Plain SQL that H2 and PostgreSQL share.
 */
@Component
public class BillingStore {

    private static final String INSERT_RECORD = "INSERT INTO billing_records (request_id, account, key_id, endpoint, "
            + "requested_model, served_model, provider, attempts, prompt_tokens, completion_tokens, cached_tokens, "
            + "cache_write_tokens, reasoning_tokens, usage_reported, input_per_mtok, output_per_mtok, "
            + "cached_input_per_mtok, cache_write_per_mtok, fee_percent, provider_cost_usd, platform_fee_usd, "
            + "total_cost_usd, status, streamed, latency_ms, created_at, note, cache_write_1h_tokens, "
            + "cache_write_1h_per_mtok, pricing_tier, price_version, service_tier, inference_geo, price_missing) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            + "?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_ATTEMPT = "INSERT INTO billing_attempts (request_id, attempt, provider, model, "
            + "status, code, prompt_tokens, completion_tokens, cached_tokens, cache_write_tokens, reasoning_tokens, "
            + "cache_write_1h_tokens) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final int RETRIES_ON_DUPLICATE = 3;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final List<Consumer<Collection<BillingRecord>>> stored = new CopyOnWriteArrayList<>();

    @Autowired
    public BillingStore(GatewayDatabase db) {
        this(db.dataSource());
    }

    public BillingStore(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /**
     * Calls {@code listener} with every batch once the database has it (committed): spend control
     * then lets go of the costs it held for those requests, which the ledger totals now carry.
     */
    public void onStored(Consumer<Collection<BillingRecord>> listener) {
        stored.add(listener);
    }

    /**
     * Stores the records the database does not have yet, all or none; returns how many were new.
     * Almost every batch is new, so it is inserted as it is; only when the database already has
     * one of them (the journal replays after a crash or a lost commit acknowledgement) is the batch
     * written again without those. The existence query up front cost a third of the drainer's time.
     */
    public int insert(List<BillingRecord> records) {
        int n = insertNew(records);
        for (Consumer<Collection<BillingRecord>> l : stored) {
            l.accept(records);
        }
        return n;
    }

    private int insertNew(List<BillingRecord> records) {
        Map<String, BillingRecord> byId = new LinkedHashMap<>();
        records.forEach(r -> byId.putIfAbsent(r.requestId(), r)); // a retried append can journal one twice
        if (byId.isEmpty()) {
            return 0;
        }
        try {
            Integer n = tx.execute(status -> write(byId.values()));
            return n == null ? 0 : n;
        } catch (DuplicateKeyException replayed) {
            // some are there already: the transaction rolled back, write the rest
        }
        for (int i = 1;; i++) {
            try {
                Integer n = tx.execute(status -> insertAbsent(byId));
                return n == null ? 0 : n;
            } catch (DuplicateKeyException e) {
                // a concurrent writer stored one meanwhile (the existence check raced it): check again
                if (i == RETRIES_ON_DUPLICATE) {
                    throw e;
                }
            }
        }
    }

    private int insertAbsent(Map<String, BillingRecord> records) {
        Map<String, BillingRecord> byId = new LinkedHashMap<>(records);
        byId.keySet().removeAll(existing(byId.keySet()));
        return byId.isEmpty() ? 0 : write(byId.values());
    }

    private int write(Collection<BillingRecord> records) {
        jdbc.batchUpdate(INSERT_RECORD, records, records.size(), BillingStore::setRecord);
        List<Object[]> lines = new ArrayList<>();
        for (BillingRecord r : records) {
            for (AttemptLine a : r.event().failedAttempts()) {
                lines.add(new Object[] {r.requestId(), a});
            }
        }
        if (!lines.isEmpty()) {
            jdbc.batchUpdate(INSERT_ATTEMPT, lines, lines.size(),
                    (ps, line) -> setAttempt(ps, (String) line[0], (AttemptLine) line[1]));
        }
        SpendTotals.add(jdbc, records);
        return records.size();
    }

    private Set<String> existing(Set<String> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        String in = String.join(", ", Collections.nCopies(ids.size(), "?"));
        return new HashSet<>(jdbc.queryForList("SELECT request_id FROM billing_records WHERE request_id IN (" + in + ")",
                String.class, ids.toArray()));
    }

    private static void setRecord(PreparedStatement ps, BillingRecord r) throws SQLException {
        UsageEvent e = r.event();
        Usage u = r.usage();
        Rates rates = r.rates();
        int i = 0;
        ps.setString(++i, e.requestId());
        ps.setString(++i, e.account());
        ps.setString(++i, e.keyId());
        ps.setString(++i, e.endpoint());
        ps.setString(++i, e.requestedModel());
        ps.setString(++i, e.servedModel());
        ps.setString(++i, e.provider());
        ps.setInt(++i, e.attempts());
        ps.setLong(++i, u.promptTokens());
        ps.setLong(++i, u.completionTokens());
        ps.setLong(++i, u.cachedTokens());
        ps.setLong(++i, u.cacheWriteTokens());
        ps.setLong(++i, u.reasoningTokens());
        ps.setBoolean(++i, r.usageReported());
        money(ps, ++i, rates == null ? null : rates.inputPerMtok());
        money(ps, ++i, rates == null ? null : rates.outputPerMtok());
        money(ps, ++i, rates == null ? null : rates.cachedInputPerMtok());
        money(ps, ++i, rates == null ? null : rates.cacheWritePerMtok());
        money(ps, ++i, rates == null ? null : rates.feePercent());
        money(ps, ++i, r.cost().providerCost());
        money(ps, ++i, r.cost().platformFee());
        money(ps, ++i, r.cost().total());
        ps.setString(++i, r.status());
        ps.setBoolean(++i, e.streamed());
        ps.setLong(++i, e.latencyMs());
        ps.setObject(++i, e.createdAt().atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
        ps.setString(++i, e.note());
        ps.setLong(++i, u.cacheWriteTokens() - u.cacheWrite5mTokens());
        money(ps, ++i, rates == null ? null : rates.cacheWrite1hPerMtok());
        ps.setString(++i, rates == null ? null : rates.pricingTier());
        ps.setString(++i, rates == null ? null : rates.priceVersion());
        ps.setString(++i, u.serviceTier());
        ps.setString(++i, u.inferenceGeo());
        ps.setString(++i, r.priceMissing());
    }

    private static void setAttempt(PreparedStatement ps, String requestId, AttemptLine a) throws SQLException {
        Usage u = a.usage();
        int i = 0;
        ps.setString(++i, requestId);
        ps.setInt(++i, a.attempt());
        ps.setString(++i, a.provider());
        ps.setString(++i, a.model());
        ps.setInt(++i, a.status());
        ps.setString(++i, a.code());
        tokens(ps, ++i, u == null ? null : u.promptTokens());
        tokens(ps, ++i, u == null ? null : u.completionTokens());
        tokens(ps, ++i, u == null ? null : u.cachedTokens());
        tokens(ps, ++i, u == null ? null : u.cacheWriteTokens());
        tokens(ps, ++i, u == null ? null : u.reasoningTokens());
        tokens(ps, ++i, u == null ? null : u.cacheWriteTokens() - u.cacheWrite5mTokens());
    }

    private static void money(PreparedStatement ps, int i, BigDecimal v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.NUMERIC);
        } else {
            ps.setBigDecimal(i, v);
        }
    }

    private static void tokens(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }
}
