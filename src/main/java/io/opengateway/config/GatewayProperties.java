package io.opengateway.config;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** Everything under {@code opengateway.*}; env names follow Spring's relaxed binding (docs/api.md). */
@ConfigurationProperties("opengateway")
public record GatewayProperties(
        Map<String, Provider> providers,
        String adminToken,
        @DefaultValue Billing billing,
        @DefaultValue Limits limits,
        @DefaultValue Fallback fallback,
        @DefaultValue("file:routes/catalog/*.yaml") String catalog,
        @DefaultValue Auth auth) {

    @ConstructorBinding
    public GatewayProperties {
        providers = providers == null ? Map.of() : Map.copyOf(providers);
        auth = auth == null ? Auth.DEFAULT : auth;
    }

    /** Without the key-check settings (tests of other parts): their defaults. */
    public GatewayProperties(Map<String, Provider> providers, String adminToken, Billing billing, Limits limits,
            Fallback fallback, String catalog) {
        this(providers, adminToken, billing, limits, fallback, catalog, Auth.DEFAULT);
    }

    public Provider provider(String name) {
        return providers.get(name);
    }

    /** One upstream provider; the route file that dispatches to it names the wire dialect. */
    public record Provider(
            String baseUrl,
            String apiKey,
            @DefaultValue("5s") Duration connectTimeout,
            @DefaultValue("120s") Duration readTimeout,
            @DefaultValue CircuitBreaker circuitBreaker) {

        public boolean hasApiKey() {
            return apiKey != null && !apiKey.isBlank();
        }
    }

    /**
     * When a provider keeps failing — at least {@code minimumCalls} calls within {@code window}, of
     * which {@code failureRatePercent} failed with a provider fault — it is skipped for
     * {@code openFor} by requests that have another model to try, then probed by one request. The
     * defaults are chosen so that a quiet gateway never trips on a few one-off faults (README,
     * "Fallbacks, timeouts and circuit breakers", compares them with Envoy, resilience4j, LiteLLM).
     */
    public record CircuitBreaker(
            @DefaultValue("20") int minimumCalls,
            @DefaultValue("50") float failureRatePercent,
            @DefaultValue("60s") Duration window,
            @DefaultValue("30s") Duration openFor) {

        public static final CircuitBreaker DEFAULT =
                new CircuitBreaker(20, 50, Duration.ofSeconds(60), Duration.ofSeconds(30));
    }

    /**
     * Billing: the platform fee, the local folder where records wait until the database has them,
     * the backlog past which the pod is not ready, and an off switch that exists only to measure
     * what billing costs (a gateway that bills nothing gives its answers away). With
     * {@code takeover}, the spool folder's parent is shared by replicas (a folder each, on one
     * volume): every {@code takeoverInterval} a gateway writes to the database what a sibling that
     * is gone left in its folder (SpoolTakeover).
     */
    public record Billing(
            @DefaultValue("5") BigDecimal feePercent,
            @DefaultValue("./data/billing-spool") Path spoolDir,
            @DefaultValue("true") boolean enabled,
            @DefaultValue("50000") long maxReadyBacklog,
            @DefaultValue("false") boolean takeover,
            @DefaultValue("30s") Duration takeoverInterval) {

        @ConstructorBinding
        public Billing {
        }

        /** Without takeover (a spool folder of its own, as in tests of other parts). */
        public Billing(BigDecimal feePercent, Path spoolDir, boolean enabled, long maxReadyBacklog) {
            this(feePercent, spoolDir, enabled, maxReadyBacklog, false, Duration.ofSeconds(30));
        }

        /** Only a fee (tests of other parts): the default folder, billing on. */
        public Billing(BigDecimal feePercent) {
            this(feePercent, Path.of("./data/billing-spool"), true, 50000);
        }
    }

    public record Limits(
            @DefaultValue("10MB") DataSize maxBodySize,
            @DefaultValue("64") int maxJsonDepth) {
    }

    public record Fallback(@DefaultValue("5") int maxAttempts) {
    }

    /**
     * Key checks while the database is unreachable: a key this process checked successfully within
     * {@code outageGrace} is still accepted (at most {@code outageMaxKeys} keys are remembered);
     * any other key is answered 503. {@code 0s} turns the fallback off.
     */
    public record Auth(
            @DefaultValue("1h") Duration outageGrace,
            @DefaultValue("10000") int outageMaxKeys) {

        public static final Auth DEFAULT = new Auth(Duration.ofHours(1), 10000);
    }
}
