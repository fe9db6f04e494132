package io.opengateway.billing;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.opengateway.config.GatewayDatabase;
import io.opengateway.billing.BillingRecord.Rates;
import io.opengateway.billing.CostCalculator.Cost;
import io.opengateway.billing.UsageEvent.AttemptLine;
import io.opengateway.model.Usage;
import io.opengateway.routing.Outcome;

/**
 * Reads billing records: a page, newest first, after a cursor (a request id of the previous
 * page), and the totals of everything the filter selects. Sums are taken by the database over
 * exact decimals, so they are exact too.
 */
@Component
public class UsageQueries {

    private static final String COLUMNS = "request_id, account, key_id, endpoint, requested_model, served_model, "
            + "provider, attempts, prompt_tokens, completion_tokens, cached_tokens, cache_write_tokens, "
            + "reasoning_tokens, usage_reported, input_per_mtok, output_per_mtok, cached_input_per_mtok, "
            + "cache_write_per_mtok, fee_percent, provider_cost_usd, platform_fee_usd, total_cost_usd, status, "
            + "streamed, latency_ms, created_at, note, cache_write_1h_tokens, cache_write_1h_per_mtok, pricing_tier, "
            + "price_version, service_tier, inference_geo, price_missing";

    private final JdbcTemplate jdbc;

    @Autowired
    public UsageQueries(GatewayDatabase db) {
        this(db.dataSource());
    }

    public UsageQueries(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** Which records: one key's, or one account's; optionally from (inclusive) and to (exclusive). */
    public record Filter(String keyId, String account, Instant from, Instant to) {

        String where(List<Object> args) {
            StringBuilder sql = new StringBuilder(keyId != null ? "key_id = ?" : "account = ?");
            args.add(keyId != null ? keyId : account);
            if (from != null) {
                sql.append(" AND created_at >= ?");
                args.add(utc(from));
            }
            if (to != null) {
                sql.append(" AND created_at < ?");
                args.add(utc(to));
            }
            return sql.toString();
        }
    }

    public record Page(List<BillingRecord> records, boolean hasMore) {
    }

    public record Totals(long requests, BigDecimal providerCost, BigDecimal platformFee, BigDecimal total) {
    }

    /** Up to {@code limit} records, newest first, after the record {@code after} (null: from the newest). */
    public Page page(Filter filter, String after, int limit) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM billing_records WHERE ")
                .append(filter.where(args));
        if (after != null) {
            OffsetDateTime at = cursor(filter, after);
            sql.append(" AND (created_at < ? OR (created_at = ? AND request_id < ?))");
            args.add(at);
            args.add(at);
            args.add(after);
        }
        // the limit is a checked int: written into the SQL, the one form H2 and PostgreSQL share
        sql.append(" ORDER BY created_at DESC, request_id DESC FETCH FIRST ").append(limit + 1).append(" ROWS ONLY");
        List<BillingRecord> rows = jdbc.query(sql.toString(), UsageQueries::record, args.toArray());
        boolean more = rows.size() > limit;
        List<BillingRecord> page = more ? rows.subList(0, limit) : rows;
        return new Page(withAttempts(page), more);
    }

    /** True when the filter selects a record with this request id (a valid cursor). */
    public boolean contains(Filter filter, String requestId) {
        List<Object> args = new ArrayList<>();
        String sql = "SELECT COUNT(*) FROM billing_records WHERE request_id = ? AND " + filter.where(args);
        args.add(0, requestId);
        Long n = jdbc.queryForObject(sql, Long.class, args.toArray());
        return n != null && n > 0;
    }

    public Totals totals(Filter filter) {
        List<Object> args = new ArrayList<>();
        String sql = "SELECT COUNT(*), COALESCE(SUM(provider_cost_usd), 0), COALESCE(SUM(platform_fee_usd), 0), "
                + "COALESCE(SUM(total_cost_usd), 0) FROM billing_records WHERE " + filter.where(args);
        return jdbc.queryForObject(sql, (rs, n) -> new Totals(rs.getLong(1), rs.getBigDecimal(2), rs.getBigDecimal(3),
                rs.getBigDecimal(4)), args.toArray());
    }

    /** One record with its attempt lines, or null. */
    public BillingRecord find(String requestId) {
        List<BillingRecord> r = jdbc.query("SELECT " + COLUMNS + " FROM billing_records WHERE request_id = ?",
                UsageQueries::record, requestId);
        return r.isEmpty() ? null : withAttempts(r).get(0);
    }

    private OffsetDateTime cursor(Filter filter, String after) {
        List<Object> args = new ArrayList<>();
        String sql = "SELECT created_at FROM billing_records WHERE request_id = ? AND " + filter.where(args);
        args.add(0, after);
        List<OffsetDateTime> at = jdbc.query(sql, (rs, n) -> rs.getObject(1, OffsetDateTime.class), args.toArray());
        if (at.isEmpty()) {
            throw new IllegalArgumentException("unknown cursor " + after);
        }
        return at.get(0);
    }

    private List<BillingRecord> withAttempts(List<BillingRecord> records) {
        if (records.isEmpty()) {
            return records;
        }
        List<String> ids = records.stream().map(BillingRecord::requestId).toList();
        Map<String, List<AttemptLine>> lines = new HashMap<>();
        jdbc.query("SELECT request_id, attempt, provider, model, status, code, prompt_tokens, completion_tokens, "
                + "cached_tokens, cache_write_tokens, reasoning_tokens, cache_write_1h_tokens FROM billing_attempts "
                + "WHERE request_id IN ("
                + String.join(", ", Collections.nCopies(ids.size(), "?")) + ") ORDER BY request_id, attempt",
                rs -> {
                    lines.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(attempt(rs));
                }, ids.toArray());
        List<BillingRecord> out = new ArrayList<>(records.size());
        for (BillingRecord r : records) {
            UsageEvent e = r.event().withFailedAttempts(lines.getOrDefault(r.requestId(), List.of()));
            out.add(new BillingRecord(e, r.rates(), r.cost(), r.priceMissing()));
        }
        return out;
    }

    private static BillingRecord record(ResultSet rs, int n) throws SQLException {
        Usage usage = new Usage(rs.getLong("prompt_tokens"), rs.getLong("completion_tokens"),
                rs.getLong("cached_tokens"), rs.getLong("cache_write_tokens"), rs.getLong("reasoning_tokens"),
                rs.getLong("cache_write_1h_tokens"), rs.getString("service_tier"), rs.getString("inference_geo"));
        BigDecimal input = rs.getBigDecimal("input_per_mtok");
        Rates rates = input == null ? null : new Rates(input, rs.getBigDecimal("output_per_mtok"),
                rs.getBigDecimal("cached_input_per_mtok"), rs.getBigDecimal("cache_write_per_mtok"),
                rs.getBigDecimal("fee_percent"), rs.getBigDecimal("cache_write_1h_per_mtok"),
                rs.getString("pricing_tier"), rs.getString("price_version"));
        Cost cost = new Cost(rs.getBigDecimal("provider_cost_usd"), rs.getBigDecimal("platform_fee_usd"),
                rs.getBigDecimal("total_cost_usd"));
        UsageEvent e = new UsageEvent(rs.getString("request_id"), rs.getString("account"), rs.getString("key_id"),
                rs.getString("endpoint"), rs.getString("requested_model"), rs.getString("served_model"),
                rs.getString("provider"), rs.getInt("attempts"), rs.getBoolean("usage_reported") ? usage : null,
                Outcome.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)), rs.getString("note"),
                rs.getBoolean("streamed"), rs.getLong("latency_ms"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(), List.of());
        return new BillingRecord(e, rates, cost, rs.getString("price_missing"));
    }

    private static AttemptLine attempt(ResultSet rs) throws SQLException {
        Long prompt = (Long) rs.getObject("prompt_tokens", Long.class);
        Usage u = prompt == null ? null : new Usage(prompt, rs.getLong("completion_tokens"),
                rs.getLong("cached_tokens"), rs.getLong("cache_write_tokens"), rs.getLong("reasoning_tokens"),
                rs.getLong("cache_write_1h_tokens"), null, null);
        return new AttemptLine(rs.getInt("attempt"), rs.getString("provider"), rs.getString("model"),
                rs.getInt("status"), rs.getString("code"), u);
    }

    private static OffsetDateTime utc(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }
}
