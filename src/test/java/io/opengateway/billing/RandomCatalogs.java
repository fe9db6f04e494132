package io.opengateway.billing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Random;

/**
 * Random catalog files for {@link CostPropertyTest}, as YAML text an operator could have written:
 * every price shape the schema has, in random combinations.
 */
final class RandomCatalogs {

    private RandomCatalogs() {
    }

    /**
     * A catalog of five models with every price shape: one price map or dated versions, every
     * cache price or only some, tiers with written prices, per-component factors or one multiplier,
     * service tiers and regions, and one model without a price. At most 4 decimals a price and 1 a
     * factor, so every adjusted price fits the ledger with a fee of one decimal.
     */
    static String of(Random rnd) {
        StringBuilder y = new StringBuilder("models:\n");
        for (int m = 0; m < 5; m++) {
            y.append("  - id: acme/m").append(m).append("\n    context_window: 2000000\n");
            if (m == 4 && rnd.nextBoolean()) {
                continue; // no price
            }
            int versions = rnd.nextInt(1, 4);
            if (versions == 1 && rnd.nextBoolean()) {
                y.append("    pricing:\n");
                version(y, rnd, "      ", null);
            } else {
                y.append("    pricing:\n");
                LocalDate d = LocalDate.of(2026, 1, 1).plusDays(rnd.nextInt(0, 200));
                for (int v = 0; v < versions; v++) {
                    boolean undated = v == 0 && rnd.nextBoolean();
                    version(y, rnd, "      - ", undated ? null : d.toString());
                    d = d.plusDays(rnd.nextInt(1, 60));
                }
            }
        }
        return y.toString();
    }

    private static void version(StringBuilder y, Random rnd, String first, String from) {
        String ind = " ".repeat(first.length());
        String lead = first;
        if (from != null) {
            y.append(lead).append("effective_from: \"").append(from).append("\"\n");
            lead = ind;
        }
        y.append(lead).append("input_per_mtok: \"").append(price(rnd)).append("\"\n");
        y.append(ind).append("output_per_mtok: \"").append(price(rnd)).append("\"\n");
        for (String c : new String[] {"cached_input", "cache_write", "cache_write_1h"}) {
            if (rnd.nextBoolean()) {
                y.append(ind).append(c).append("_per_mtok: \"").append(price(rnd)).append("\"\n");
            }
        }
        int tiers = rnd.nextInt(0, 3);
        if (tiers > 0) {
            y.append(ind).append("tiers:\n");
            long above = rnd.nextLong(1000, 300_000);
            for (int t = 0; t < tiers; t++) {
                y.append(ind).append("  - above_prompt_tokens: ").append(above).append('\n');
                if (rnd.nextBoolean()) {
                    y.append(ind).append("    name: \"t").append(t).append("\"\n");
                }
                adjustment(y, rnd, ind + "    ", true);
                above += rnd.nextLong(1, 500_000);
            }
        }
        modes(y, rnd, ind, "service_tiers", new String[] {"fast", "flex"});
        modes(y, rnd, ind, "inference_geo", new String[] {"us"});
    }

    private static void modes(StringBuilder y, Random rnd, String ind, String field, String[] names) {
        if (rnd.nextBoolean()) {
            return;
        }
        y.append(ind).append(field).append(":\n");
        for (String n : names) {
            if (rnd.nextBoolean() || n.equals(names[0])) {
                y.append(ind).append("  ").append(n).append(":\n");
                adjustment(y, rnd, ind + "    ", false);
            }
        }
    }

    /** Written prices (tiers only), a multiplier, per-component factors, or a mix. */
    private static void adjustment(StringBuilder y, Random rnd, String ind, boolean prices) {
        boolean any = false;
        if (prices && rnd.nextBoolean()) {
            y.append(ind).append("input_per_mtok: \"").append(price(rnd)).append("\"\n");
            y.append(ind).append("output_per_mtok: \"").append(price(rnd)).append("\"\n");
            any = true;
        }
        if (rnd.nextBoolean()) {
            y.append(ind).append("multiply: { cached_input: \"").append(factor(rnd)).append("\", output: \"")
                    .append(factor(rnd)).append("\" }\n");
            any = true;
        }
        if (!any || rnd.nextBoolean()) {
            y.append(ind).append("multiplier: \"").append(factor(rnd)).append("\"\n");
        }
    }

    private static String price(Random rnd) {
        return BigDecimal.valueOf(rnd.nextLong(0, 500_000), rnd.nextInt(0, 5)).toPlainString();
    }

    private static String factor(Random rnd) {
        return BigDecimal.valueOf(rnd.nextInt(1, 40), rnd.nextInt(0, 2)).toPlainString();
    }
}
