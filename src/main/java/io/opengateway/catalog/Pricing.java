package io.opengateway.catalog;

import java.math.BigDecimal;

/** USD per million tokens. A missing cache price means the input price (docs/api.md). */
public record Pricing(BigDecimal inputPerMtok, BigDecimal outputPerMtok, BigDecimal cachedInputPerMtok,
        BigDecimal cacheWritePerMtok) {

    public BigDecimal cachedInput() {
        return cachedInputPerMtok != null ? cachedInputPerMtok : inputPerMtok;
    }

    public BigDecimal cacheWrite() {
        return cacheWritePerMtok != null ? cacheWritePerMtok : inputPerMtok;
    }
}
