package io.opengateway.routing;

import java.time.Instant;
import java.util.List;

import org.apache.camel.Exchange;

import io.opengateway.auth.ApiKey;
import io.opengateway.catalog.CatalogEntry;
import io.opengateway.model.ChatRequest;

/**
 * What the client asked, as the edge learnt it: never changed once made. The steps of a public
 * route that own a part of it (intake: id, endpoint and clock; auth: the key; the parser: the
 * request and its plan) each put a new instance with their part in place of the old one, before
 * routing starts; everything after reads it. What the attempts learn lives in {@link AttemptRecord}.
 */
public final class InboundRequest {

    public static final String PROPERTY = "opengatewayRequest";

    /**
     * True when the plan is one model: the attempts route then skips the failover balancer (and its
     * exchange copy), having nothing to fail over to. Kept beside the request by {@link #putOn}.
     */
    public static final String SINGLE_MODEL = "opengatewaySingleModel";

    private final String requestId;
    private final Endpoint endpoint;
    private final Instant startedAt;
    private final long startNanos;
    private final String bearerToken;
    private final ApiKey apiKey;
    private final ChatRequest chat;
    private final NativeRequest nativeRequest;
    private final List<CatalogEntry> plan;
    private final int bodyBytes;

    public InboundRequest(String requestId, Endpoint endpoint) {
        this(requestId, endpoint, Instant.now());
    }

    /** {@code startedAt}: the request's stamp, the instant its prices are taken at. */
    public InboundRequest(String requestId, Endpoint endpoint, Instant startedAt) {
        this(requestId, endpoint, startedAt, System.nanoTime(), null, null, null, null, List.of(), 0);
    }

    private InboundRequest(String requestId, Endpoint endpoint, Instant startedAt, long startNanos,
            String bearerToken, ApiKey apiKey, ChatRequest chat, NativeRequest nativeRequest,
            List<CatalogEntry> plan, int bodyBytes) {
        this.requestId = requestId;
        this.endpoint = endpoint;
        this.startedAt = startedAt;
        this.startNanos = startNanos;
        this.bearerToken = bearerToken;
        this.apiKey = apiKey;
        this.chat = chat;
        this.nativeRequest = nativeRequest;
        this.plan = plan;
        this.bodyBytes = bodyBytes;
    }

    public static InboundRequest of(Exchange exchange) {
        InboundRequest request = exchange.getProperty(PROPERTY, InboundRequest.class);
        if (request == null) {
            throw new IllegalStateException("no inbound request on exchange " + exchange.getExchangeId());
        }
        return request;
    }

    /** Puts this request on the exchange in place of the one before it. */
    public InboundRequest putOn(Exchange exchange) {
        exchange.setProperty(PROPERTY, this);
        exchange.setProperty(SINGLE_MODEL, plan.size() == 1);
        return this;
    }

    /** The bearer token the client sent, until auth has read it. */
    public InboundRequest withBearerToken(String token) {
        return new InboundRequest(requestId, endpoint, startedAt, startNanos, token, apiKey, chat, nativeRequest, plan,
                bodyBytes);
    }

    /** The authenticated key; the token it was found by is left behind. */
    public InboundRequest withApiKey(ApiKey key) {
        return new InboundRequest(requestId, endpoint, startedAt, startNanos, null, key, chat, nativeRequest, plan,
                bodyBytes);
    }

    /** The models to try, in order (the first is the requested model); set once the request is validated. */
    public InboundRequest withPlan(List<CatalogEntry> models) {
        return new InboundRequest(requestId, endpoint, startedAt, startNanos, bearerToken, apiKey, chat,
                nativeRequest, List.copyOf(models), bodyBytes);
    }

    /** The request in the gateway's neutral model. */
    public InboundRequest withChat(ChatRequest request) {
        return new InboundRequest(requestId, endpoint, startedAt, startNanos, bearerToken, apiKey, request,
                nativeRequest, plan, bodyBytes);
    }

    public InboundRequest withNativeRequest(NativeRequest request) {
        return new InboundRequest(requestId, endpoint, startedAt, startNanos, bearerToken, apiKey, chat, request, plan,
                bodyBytes);
    }

    /** The body's size as it came, in bytes (spend control bounds the prompt by it). */
    public InboundRequest withBodyBytes(int n) {
        return new InboundRequest(requestId, endpoint, startedAt, startNanos, bearerToken, apiKey, chat, nativeRequest,
                plan, n);
    }

    public int bodyBytes() {
        return bodyBytes;
    }

    public String requestId() {
        return requestId;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** The request's arrival on the monotonic clock (for latency timers). */
    public long startNanos() {
        return startNanos;
    }

    public long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Nanoseconds since the request arrived (for latency timers). */
    public long elapsedNanos() {
        return System.nanoTime() - startNanos;
    }

    public String bearerToken() {
        return bearerToken;
    }

    public ApiKey apiKey() {
        return apiKey;
    }

    public ChatRequest chat() {
        return chat;
    }

    /** The client's body in its own dialect with its dialect's headers, for a same-dialect pass-through. */
    public NativeRequest nativeRequest() {
        return nativeRequest;
    }

    /** The models to try, in order; empty until the request is validated. */
    public List<CatalogEntry> plan() {
        return plan;
    }

    public String requestedModel() {
        return plan.isEmpty() ? null : plan.get(0).id();
    }
}
