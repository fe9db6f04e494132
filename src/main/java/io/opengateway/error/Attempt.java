package io.opengateway.error;

import io.opengateway.model.Usage;

/** One try of one model, as listed in {@code error.attempts} and in the billing record's attempt log. */
public record Attempt(String model, String provider, int status, String code, String message, Usage usage) {
}
