package io.opengateway.billing;

import java.time.Instant;
import java.util.List;

import io.opengateway.model.Usage;
import io.opengateway.routing.Outcome;

/**
 * What one finished request did, taken from its {@code RequestContext} when its exchange completed:
 * an immutable value, so the billing route never reads the live message or state that the request
 * thread still changes. {@code servedModel} is null when no model served (every attempt failed);
 * {@code usage} is null when the provider reported none.
 */
public record UsageEvent(
        String requestId,
        String account,
        String keyId,
        String endpoint,
        String requestedModel,
        String servedModel,
        String provider,
        int attempts,
        Usage usage,
        Outcome outcome,
        String note,
        boolean streamed,
        long latencyMs,
        Instant createdAt,
        List<AttemptLine> failedAttempts) {

    public UsageEvent {
        failedAttempts = failedAttempts == null ? List.of() : List.copyOf(failedAttempts);
    }

    /** The same event with its failed attempts (as read back from the attempt lines). */
    public UsageEvent withFailedAttempts(List<AttemptLine> lines) {
        return new UsageEvent(requestId, account, keyId, endpoint, requestedModel, servedModel, provider, attempts,
                usage, outcome, note, streamed, latencyMs, createdAt, lines);
    }

    /** The same event with another note (billing adds why a record is not priced as usual). */
    public UsageEvent withNote(String text) {
        return new UsageEvent(requestId, account, keyId, endpoint, requestedModel, servedModel, provider, attempts,
                usage, outcome, text, streamed, latencyMs, createdAt, failedAttempts);
    }

    /**
     * One failed attempt, for the audit trail: its number in the request (1 = first), the status
     * the gateway gave it (as in {@code error.attempts}), and the tokens the provider reported
     * before it failed, or null when it reported none. Never its message: only facts are billed.
     */
    public record AttemptLine(int attempt, String provider, String model, int status, String code, Usage usage) {
    }
}
