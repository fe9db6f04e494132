package io.opengateway.error;

/**
 * A provider failed to answer: a connection fault, a timeout, or an error status. Every one of
 * these moves a request on to its next fallback model; {@code status} is what the caller gets
 * when none is left (docs/api.md's table).
 */
public class UpstreamException extends GatewayException {

    private final String provider;
    private final Integer upstreamStatus;
    private final String retryAfter;

    public UpstreamException(int status, String type, String code, String message, String provider,
            Integer upstreamStatus, String retryAfter) {
        this(status, type, code, null, message, provider, upstreamStatus, retryAfter);
    }

    /** @param param the request parameter the provider named as the problem, or null */
    public UpstreamException(int status, String type, String code, String param, String message, String provider,
            Integer upstreamStatus, String retryAfter) {
        super(status, type, code, param, message);
        this.provider = provider;
        this.upstreamStatus = upstreamStatus;
        this.retryAfter = retryAfter;
    }

    /** The provider's answer was unusable or it could not be reached: 502. */
    public static UpstreamException badGateway(String provider, String code, String message, Integer upstreamStatus) {
        return new UpstreamException(502, "upstream_error", code, message, provider, upstreamStatus, null);
    }

    public static UpstreamException timeout(String provider, String message) {
        return new UpstreamException(504, "upstream_error", "upstream_timeout", message, provider, null, null);
    }

    public String provider() {
        return provider;
    }

    /**
     * Whether this says the provider itself is in trouble — what a circuit breaker counts: it could
     * not be reached or timed out, answered {@code 5xx} (Anthropic's {@code 529} too), refused the
     * gateway's key ({@code 401}/{@code 403}) or its account's payment ({@code 402}), or sent what its
     * API never sends. A refused request
     * ({@code 400}, {@code 413}, {@code 422}), a rate limit on one key ({@code 429}) or an unknown
     * model say nothing of its health, nor does an attempt the gateway never sent.
     */
    public boolean providerFault() {
        Integer s = upstreamStatus;
        if (s != null) {
            return s >= 500 || s == 401 || s == 402 || s == 403 || s == 408;
        }
        return status() >= 500 && !"provider_not_configured".equals(code());
    }

    /**
     * The provider's HTTP status, or, for an error reported inside a stream that began with 200, the
     * status its error type stands for; null when it never answered or the type names none.
     */
    public Integer upstreamStatus() {
        return upstreamStatus;
    }

    @Override
    public String retryAfter() {
        return retryAfter;
    }
}
