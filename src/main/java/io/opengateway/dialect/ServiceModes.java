package io.opengateway.dialect;

import java.util.Locale;
import java.util.Set;

import io.opengateway.error.GatewayException;

/**
 * What a request's {@code service_tier} and {@code inference_geo} ask of a provider, the same way
 * in every dialect: {@code auto}, {@code default} and {@code standard} (or nothing) ask for the
 * standard service; {@code fast} (and {@code priority}, OpenAI's name for it until 2026-07-30)
 * for the faster, dearer one; {@code global} (or nothing) for no region. A dialect passes on what
 * its provider offers and refuses the rest with a 400 naming the parameter: a price the client
 * did not ask for is never charged silently. Billing prices what the provider reports it did.
 */
public final class ServiceModes {

    private static final Set<String> STANDARD = Set.of("auto", "default", "standard");
    private static final Set<String> FAST = Set.of("fast", "priority");

    private ServiceModes() {
    }

    public static boolean standard(String serviceTier) {
        return serviceTier == null || STANDARD.contains(serviceTier.toLowerCase(Locale.ROOT));
    }

    public static boolean fast(String serviceTier) {
        return serviceTier != null && FAST.contains(serviceTier.toLowerCase(Locale.ROOT));
    }

    public static boolean global(String inferenceGeo) {
        return inferenceGeo == null || inferenceGeo.equalsIgnoreCase("global");
    }

    /** Refuses any service tier but the standard one: the provider offers no other through this dialect. */
    public static void standardOnly(String serviceTier, String provider) {
        if (!standard(serviceTier)) {
            throw GatewayException.unsupported("service_tier", provider, "'service_tier' '" + serviceTier
                    + "' is not offered by this provider through the gateway: leave it out or use auto");
        }
    }

    /** Refuses a region: the provider takes no per-request region through this dialect. */
    public static void noRegion(String inferenceGeo, String provider) {
        if (!global(inferenceGeo)) {
            throw GatewayException.unsupported("inference_geo", provider, "'inference_geo' '" + inferenceGeo
                    + "' is not offered here: leave it out or use global");
        }
    }
}
