package io.opengateway.spend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link InFlight} in PostgreSQL ({@code spend_inflight}), for replicas that share the database and
 * no Redis: an admission is one transaction that takes a transaction-scoped advisory lock per scope
 * (in one order, so two admissions never wait crosswise), drops expired rows, counts and inserts.
 */
final class JdbcInFlight implements InFlight {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final long slotTtlMillis;
    private final long settledHoldMillis;

    JdbcInFlight(DataSource dataSource, SpendSettings settings) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.slotTtlMillis = settings.slotTtl().toMillis();
        this.settledHoldMillis = settings.settledHold().toMillis();
    }

    @Override
    public Refusal admit(String requestId, List<Check> checks, long amountNanos) {
        long now = System.currentTimeMillis();
        List<Check> ordered = new ArrayList<>(checks);
        ordered.sort(Comparator.comparing(Check::scope));
        return tx.execute(status -> {
            for (Check c : ordered) {
                jdbc.query("SELECT pg_advisory_xact_lock(hashtext(?))", rs -> { }, c.scope());
                jdbc.update("DELETE FROM spend_inflight WHERE scope = ? AND expires_at < ?", c.scope(), now);
                Object[] row = jdbc.queryForObject("SELECT COUNT(*) FILTER (WHERE active), COALESCE(SUM(amount_nanos), 0) "
                        + "FROM spend_inflight WHERE scope = ?", (rs, n) -> new Object[] {rs.getInt(1), rs.getLong(2)},
                        c.scope());
                int active = (Integer) row[0];
                long reserved = (Long) row[1];
                if (c.maxConcurrent() >= 0 && active >= c.maxConcurrent()) {
                    status.setRollbackOnly();
                    return new Refusal(c.scope(), false, active, reserved);
                }
                if (c.headroomNanos() >= 0 && reserved + amountNanos > c.headroomNanos()) {
                    status.setRollbackOnly();
                    return new Refusal(c.scope(), true, active, reserved);
                }
            }
            for (Check c : ordered) {
                jdbc.update("INSERT INTO spend_inflight (scope, request_id, amount_nanos, active, expires_at) "
                        + "VALUES (?, ?, ?, TRUE, ?)", c.scope(), requestId, amountNanos, now + slotTtlMillis);
            }
            return null;
        });
    }

    @Override
    public void finish(String requestId, List<String> scopes, long amountNanos) {
        long deadline = System.currentTimeMillis() + settledHoldMillis;
        for (String s : scopes) {
            jdbc.update("UPDATE spend_inflight SET active = FALSE, amount_nanos = ?, expires_at = ? "
                    + "WHERE scope = ? AND request_id = ?", amountNanos, deadline, s, requestId);
        }
    }

    @Override
    public void recorded(String requestId, List<String> scopes) {
        for (String s : scopes) {
            jdbc.update("DELETE FROM spend_inflight WHERE scope = ? AND request_id = ?", s, requestId);
        }
    }

    @Override
    public void renew(String requestId, List<String> scopes) {
        long deadline = System.currentTimeMillis() + slotTtlMillis;
        for (String s : scopes) {
            jdbc.update("UPDATE spend_inflight SET expires_at = ? WHERE scope = ? AND request_id = ? AND active",
                    deadline, s, requestId);
        }
    }

    @Override
    public long reserved(String scope) {
        Long sum = jdbc.queryForObject("SELECT COALESCE(SUM(amount_nanos), 0) FROM spend_inflight WHERE scope = ? "
                + "AND expires_at >= ?", Long.class, scope, System.currentTimeMillis());
        return sum == null ? 0 : sum;
    }
}
