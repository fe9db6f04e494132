package io.opengateway.spend;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.opengateway.config.DurableWrites;
import io.opengateway.config.GatewayDatabase;

/**
 * The {@code spend_controls} rows: written durably by the admin API, read per request through a
 * cache that each replica refreshes after {@code opengateway.spend.settings-refresh}.
 */
@Component
public class ControlStore {

    private record Cached(Controls controls, long readAt) {
    }

    private final JdbcTemplate jdbc;
    private final DurableWrites writes;
    private final long refreshNanos;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    public ControlStore(GatewayDatabase db, SpendSettings settings) {
        this.jdbc = db.jdbc();
        this.writes = db.writes();
        this.refreshNanos = settings.settingsRefresh().toNanos();
    }

    /** The scope's controls ({@link Controls#NONE} when it has none), at most settings-refresh old. */
    public Controls get(String scope) {
        long now = System.nanoTime();
        Cached c = cache.get(scope);
        if (c == null || now - c.readAt() > refreshNanos) {
            c = new Cached(read(scope), now);
            cache.put(scope, c);
        }
        return c.controls();
    }

    /** Read from the database now (the admin API shows what is stored). */
    public Controls read(String scope) {
        List<Controls> rows = jdbc.query("SELECT requests_per_minute, tokens_per_minute, max_concurrent, daily_usd, "
                + "monthly_usd, lifetime_usd FROM spend_controls WHERE scope = ?", ControlStore::row, scope);
        return rows.isEmpty() ? Controls.NONE : rows.get(0);
    }

    /** Stores the scope's controls (none at all: removes them); durable when it returns. */
    public void put(String scope, Controls c) {
        writes.run(j -> {
            j.update("DELETE FROM spend_controls WHERE scope = ?", scope);
            if (!c.none()) {
                j.update("INSERT INTO spend_controls (scope, requests_per_minute, tokens_per_minute, max_concurrent, "
                        + "daily_usd, monthly_usd, lifetime_usd, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", scope,
                        c.requestsPerMinute(), c.tokensPerMinute(), c.maxConcurrent(), c.dailyUsd(), c.monthlyUsd(),
                        c.lifetimeUsd(), Timestamp.from(Instant.now()));
            }
            return null;
        });
        cache.remove(scope);
    }

    private static Controls row(ResultSet rs, int n) throws SQLException {
        return new Controls((Integer) rs.getObject(1, Integer.class), (Long) rs.getObject(2, Long.class),
                (Integer) rs.getObject(3, Integer.class), money(rs, 4), money(rs, 5), money(rs, 6));
    }

    private static BigDecimal money(ResultSet rs, int i) throws SQLException {
        BigDecimal v = rs.getBigDecimal(i);
        return v == null ? null : v.stripTrailingZeros();
    }
}
