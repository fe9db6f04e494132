package io.opengateway.error;

import io.opengateway.model.Usage;

/**
 * One try of one model, as listed in {@code error.attempts} and in the billing record's attempt log.
 * {@code status} is the gateway's status for the failure, or {@link #NOT_CALLED} for a model that
 * was skipped without a call (its provider's circuit breaker was open and another model remained).
 */
public record Attempt(String model, String provider, int status, String code, String message, Usage usage) {

    /** The status of an attempt that made no call. */
    public static final int NOT_CALLED = 0;

    /** A model skipped without a call. */
    public static Attempt skipped(String model, String provider, String code, String message) {
        return new Attempt(model, provider, NOT_CALLED, code, message, null);
    }

    public boolean called() {
        return status != NOT_CALLED;
    }
}
