package io.opengateway.dialect;

import java.util.List;

import io.opengateway.catalog.CatalogEntry;

/**
 * Reasoning effort levels, lowest first, and the one rule every dialect applies to a level the
 * model does not accept (its catalog {@code efforts}): the nearest level it accepts, a tie going
 * to the higher one. So {@code none} on a model that cannot stop reasoning is its lowest level,
 * {@code max} on a model that tops out at {@code high} is {@code high}, {@code minimal} where
 * {@code minimal} is refused is {@code low}. A request is never refused for its effort: clients
 * send one effort to every model of a fallback list.
 */
public final class Efforts {

    /** Every level any provider takes, lowest first (OpenAI's reasoning_effort names them all). */
    public static final List<String> ORDER = List.of("none", "minimal", "low", "medium", "high", "xhigh", "max");

    private Efforts() {
    }

    /**
     * The level to send for {@code asked}: itself when the model accepts it (or the catalog names no
     * levels for the model), else the nearest accepted one; null when nothing was asked.
     */
    public static String nearest(String asked, CatalogEntry model) {
        List<String> accepted = model.efforts();
        if (asked == null || accepted.isEmpty() || accepted.contains(asked)) {
            return asked;
        }
        int want = ORDER.indexOf(asked);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String level : accepted) {
            int at = ORDER.indexOf(level);
            if (at < 0) {
                continue;
            }
            int d = Math.abs(at - want);
            if (d < bestDistance || d == bestDistance && at > ORDER.indexOf(best)) {
                best = level;
                bestDistance = d;
            }
        }
        return best == null ? asked : best;
    }

    /** Whether the model reasons whatever it is asked (its levels do not include {@code none}). */
    public static boolean alwaysReasons(CatalogEntry model) {
        return !model.efforts().isEmpty() && !model.efforts().contains("none");
    }
}
