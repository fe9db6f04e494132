package io.opengateway.spend;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

import io.opengateway.billing.SpendTotals;

/**
 * A scope's budgets against the ledger: what each period (UTC day, UTC calendar month, lifetime)
 * allows, what the ledger holds for it ({@code spend_totals}), and when it resets.
 */
final class Budgets {

    private Budgets() {
    }

    /** One budget of a scope: its period, limit, the ledger's total for the period, and its reset (null: never). */
    record Line(String period, BigDecimal limit, BigDecimal spent, Instant resets) {
        BigDecimal left() {
            return limit.subtract(spent);
        }
    }

    static List<Line> lines(JdbcTemplate jdbc, String scope, Controls c, Instant now) {
        String day = SpendTotals.day(now);
        String month = SpendTotals.month(now);
        List<String> periods = new ArrayList<>(3);
        if (c.dailyUsd() != null) {
            periods.add(day);
        }
        if (c.monthlyUsd() != null) {
            periods.add(month);
        }
        if (c.lifetimeUsd() != null) {
            periods.add(SpendTotals.LIFETIME);
        }
        Map<String, BigDecimal> spent = SpendTotals.read(jdbc, scope, periods);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<Line> out = new ArrayList<>(3);
        if (c.dailyUsd() != null) {
            out.add(new Line("daily", c.dailyUsd(), spent.getOrDefault(day, BigDecimal.ZERO),
                    today.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)));
        }
        if (c.monthlyUsd() != null) {
            out.add(new Line("monthly", c.monthlyUsd(), spent.getOrDefault(month, BigDecimal.ZERO),
                    today.withDayOfMonth(1).plusMonths(1).atStartOfDay().toInstant(ZoneOffset.UTC)));
        }
        if (c.lifetimeUsd() != null) {
            out.add(new Line("lifetime", c.lifetimeUsd(), spent.getOrDefault(SpendTotals.LIFETIME, BigDecimal.ZERO),
                    null));
        }
        return out;
    }

    /** The budget with the least left: the one that decides. */
    static Line tightest(List<Line> lines) {
        Line t = null;
        for (Line l : lines) {
            if (t == null || l.left().compareTo(t.left()) < 0) {
                t = l;
            }
        }
        return t;
    }

    static String describe(String who, Line l, BigDecimal reservedUsd) {
        return "You exceeded the " + l.period() + " budget of " + who + ": $" + l.limit().toPlainString()
                + ", of which $" + l.spent().stripTrailingZeros().toPlainString() + " is spent and $"
                + reservedUsd.stripTrailingZeros().toPlainString() + " is held by requests in flight"
                + (l.resets() == null ? "; a lifetime budget does not reset (an admin can raise it)."
                        : "; it resets at " + l.resets() + ".");
    }
}
