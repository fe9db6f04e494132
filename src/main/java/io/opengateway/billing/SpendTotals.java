package io.opengateway.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The ledger summed per scope ({@code key:<id>}, {@code account:<name>}) and period (a UTC day, a UTC
 * calendar month, {@code all}): the {@code spend_totals} rows. They are added to in the transaction
 * that inserts the records ({@link #add}), so they never differ from a sum over
 * {@code billing_records}; budgets read them instead of summing a month of records per request.
 */
public final class SpendTotals {

    public static final String LIFETIME = "all";

    private SpendTotals() {
    }

    public static String keyScope(String keyId) {
        return "key:" + keyId;
    }

    public static String accountScope(String account) {
        return "account:" + account;
    }

    public static String day(Instant at) {
        return "d" + LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    public static String month(Instant at) {
        return "m" + LocalDate.ofInstant(at, ZoneOffset.UTC).toString().substring(0, 7);
    }

    /**
     * Adds the records' costs to their scopes' totals; in the caller's transaction. Rows are updated
     * in one order (sorted), so two writers never wait on each other crosswise; a row that does not
     * exist yet is inserted (two writers inserting the same one: one fails with a duplicate key, and
     * its batch is written again, BillingStore#insert).
     */
    static void add(JdbcTemplate jdbc, Collection<BillingRecord> records) {
        Map<List<String>, BigDecimal> sums = new TreeMap<>((a, b) -> {
            int c = a.get(0).compareTo(b.get(0));
            return c != 0 ? c : a.get(1).compareTo(b.get(1));
        });
        for (BillingRecord r : records) {
            BigDecimal cost = r.cost().total();
            Instant at = r.event().createdAt();
            for (String scope : List.of(keyScope(r.event().keyId()), accountScope(r.event().account()))) {
                for (String period : List.of(day(at), month(at), LIFETIME)) {
                    sums.merge(List.of(scope, period), cost, BigDecimal::add);
                }
            }
        }
        for (Map.Entry<List<String>, BigDecimal> e : sums.entrySet()) {
            String scope = e.getKey().get(0);
            String period = e.getKey().get(1);
            int n = jdbc.update("UPDATE spend_totals SET total_usd = total_usd + ? WHERE scope = ? AND period = ?",
                    e.getValue(), scope, period);
            if (n == 0) {
                jdbc.update("INSERT INTO spend_totals (scope, period, total_usd) VALUES (?, ?, ?)", scope, period,
                        e.getValue());
            }
        }
    }

    /** A scope's totals for the periods asked (absent: nothing spent), in one query. */
    public static Map<String, BigDecimal> read(JdbcTemplate jdbc, String scope, List<String> periods) {
        Map<String, BigDecimal> out = new HashMap<>();
        if (periods.isEmpty()) {
            return out;
        }
        String in = String.join(", ", java.util.Collections.nCopies(periods.size(), "?"));
        Object[] args = new Object[periods.size() + 1];
        args[0] = scope;
        for (int i = 0; i < periods.size(); i++) {
            args[i + 1] = periods.get(i);
        }
        jdbc.query("SELECT period, total_usd FROM spend_totals WHERE scope = ? AND period IN (" + in + ")",
                rs -> {
                    out.put(rs.getString(1), rs.getBigDecimal(2));
                }, args);
        return out;
    }
}
