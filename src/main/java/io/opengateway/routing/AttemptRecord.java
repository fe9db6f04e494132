package io.opengateway.routing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

import org.apache.camel.Exchange;

import io.opengateway.catalog.CatalogEntry;
import io.opengateway.error.Attempt;
import io.opengateway.error.UpstreamException;
import io.opengateway.model.ChatRequest;
import io.opengateway.model.Usage;

/**
 * What routing learns while it serves one request: the plan's cursor, each attempt's target, what
 * it sent and what came back (failure, usage, the model that served), the stream and the outcome.
 * Only routing, the dialects' relays and the error step write it; billing, metrics and the request
 * log read it when the exchange completes. Camel's failover balancer runs each attempt on a copy
 * of the exchange; copies share this object (an exchange property holds it by reference), so what
 * an attempt learns is seen by the next attempt and by billing.
 */
public final class AttemptRecord {

    public static final String PROPERTY = "opengatewayAttempt";

    private final long startNanos;
    private final List<Attempt> failures = Collections.synchronizedList(new ArrayList<>());

    private volatile List<CatalogEntry> plan = List.of();
    private volatile ChatRequest attemptChat;
    private volatile List<String> droppedParams = List.of();
    private volatile int next;
    private volatile int upstreamCalls;
    private volatile boolean currentCalled;
    private volatile ModelTarget target;
    private volatile UpstreamException lastFailure;
    private volatile Usage usage;
    private volatile String upstreamModel;
    private volatile boolean streamed;
    private volatile boolean streamStarted;
    private volatile long firstByteNanos;
    private volatile Outcome outcome;
    private volatile String outcomeNote;

    /** {@code startNanos}: the request's arrival ({@link InboundRequest#startNanos()}), for time to first byte. */
    public AttemptRecord(long startNanos) {
        this.startNanos = startNanos;
    }

    public static AttemptRecord of(Exchange exchange) {
        AttemptRecord record = exchange.getProperty(PROPERTY, AttemptRecord.class);
        if (record == null) {
            throw new IllegalStateException("no attempt record on exchange " + exchange.getExchangeId());
        }
        return record;
    }

    /** Moves to the next model of {@code models} (the request's plan), or returns null when none is left. */
    public synchronized ModelTarget advance(List<CatalogEntry> models, Function<CatalogEntry, ModelTarget> toTarget) {
        plan = models;
        if (next >= models.size()) {
            return null;
        }
        target = toTarget.apply(models.get(next++));
        currentCalled = false;
        usage = null;
        upstreamModel = null;
        return target;
    }

    /** Records the failure of the current attempt, with what the provider reported of its usage. */
    public void fail(UpstreamException e, Usage reported) {
        ModelTarget t = target;
        lastFailure = e;
        failures.add(new Attempt(t == null ? null : t.model().id(), t == null ? e.provider() : t.provider(),
                e.status(), e.code(), e.getMessage(), reported));
    }

    /**
     * Records that the current model is skipped without a call (its provider's breaker is open). Not
     * a failure of the request: the answer, when every model fails, is the last real attempt's.
     */
    public void skip(String code, String message) {
        ModelTarget t = target;
        failures.add(Attempt.skipped(t.model().id(), t.provider(), code, message));
    }

    /** Whether the plan holds a model after the current one: only then may the current one be skipped. */
    public boolean hasNextModel() {
        return next < plan.size();
    }

    public int attemptCount() {
        return next;
    }

    /** The current attempt's request is about to go to its provider (billing: a provider was reached). */
    public synchronized void markUpstreamCall() {
        upstreamCalls++;
        currentCalled = true;
    }

    /** How many attempts sent their request to a provider; 0 when the gateway refused it itself. */
    public int upstreamCalls() {
        return upstreamCalls;
    }

    /** Whether the current attempt's request went to its provider. */
    public boolean currentCalled() {
        return currentCalled;
    }

    public List<Attempt> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    public UpstreamException lastFailure() {
        return lastFailure;
    }

    /** The request as the current attempt's model gets it (without the parameters it refuses); null before one. */
    public ChatRequest chat() {
        return attemptChat;
    }

    /** What the current attempt sends, and the parameters left out for its model (x-opengateway-dropped-params). */
    public void attempt(ChatRequest request, List<String> dropped) {
        this.attemptChat = request;
        this.droppedParams = List.copyOf(dropped);
    }

    public List<String> droppedParams() {
        return droppedParams;
    }

    public ModelTarget target() {
        return target;
    }

    /**
     * The model that served: the current attempt's, when its call was made and did not fail. Null
     * when no model served (every attempt failed, or the gateway refused the request itself); the
     * last target is then only the last failure.
     */
    public ModelTarget servedTarget() {
        return currentCalled && failures.size() < next ? target : null;
    }

    public Usage usage() {
        return usage;
    }

    public void usage(Usage usage) {
        this.usage = usage;
    }

    public String upstreamModel() {
        return upstreamModel;
    }

    public void upstreamModel(String name) {
        this.upstreamModel = name;
    }

    /** Whether the answer went out as a stream. */
    public boolean streamed() {
        return streamed;
    }

    public void streamed(boolean streamed) {
        this.streamed = streamed;
    }

    /** True once a byte of the answer has gone to the client: from then on no fallback is possible. */
    public boolean streamStarted() {
        return streamStarted;
    }

    public void streamStarted(boolean started) {
        if (started && !streamStarted) {
            firstByteNanos = System.nanoTime();
        }
        this.streamStarted = started;
    }

    /**
     * Time to first token: nanoseconds from the request's arrival to the first bytes of a stream
     * going out (they carry its first content: the relay reads ahead to it), or -1 when none did.
     */
    public long firstByteNanos() {
        long at = firstByteNanos;
        return at == 0 ? -1 : at - startNanos;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** The outcome as billed, counted and logged: a request that ended without one is an error. */
    public Outcome finalOutcome() {
        Outcome o = outcome;
        return o == null ? Outcome.ERROR : o;
    }

    public String outcomeNote() {
        return outcomeNote;
    }

    /** The first outcome set wins: a stream that ended in error stays an error when it is closed. */
    public synchronized void finish(Outcome o, String note) {
        if (outcome == null) {
            outcome = o;
            outcomeNote = note;
        }
    }
}
