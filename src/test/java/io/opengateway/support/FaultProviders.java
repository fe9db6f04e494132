package io.opengateway.support;

import java.util.List;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The test-only providers of test-routes/provider-faults.yaml: for each wire dialect, one whose
 * port refuses connections ({@code deadend}), one that resets them ({@code reset}), one whose
 * connects never complete ({@code blackhole}, 300 ms connect timeout), one that talks to the
 * dialect's fake with a 1 s read timeout ({@code brisk}), so timeouts cost a second, not three,
 * and one served at the socket level by {@link GatewayTestBase#CUTTER} ({@code cut}), which cuts
 * its streams wherever a test says (a 3 s read timeout: long enough that a busy machine does not
 * fire it where a test expects an answer).
 */
public final class FaultProviders {

    public static final List<String> DIALECTS = List.of("openai", "anthropic", "gemini");
    public static final String READ_TIMEOUT = "1s";
    public static final String CUT_READ_TIMEOUT = "3s";

    private FaultProviders() {
    }

    /** The catalog model of a fault provider, e.g. {@code resetgemini/model-x}. */
    public static String model(String fault, String dialect) {
        return fault + dialect + "/model-x";
    }

    /** The fake of a dialect's built-in provider, which its {@code brisk} provider talks to. */
    public static FakeUpstream fake(String dialect) {
        return switch (dialect) {
            case "openai" -> GatewayTestBase.OPENAI;
            case "anthropic" -> GatewayTestBase.ANTHROPIC;
            default -> GatewayTestBase.GOOGLE;
        };
    }

    static void register(DynamicPropertyRegistry r, int closedPort, int resetPort, int blackholePort, int cutPort) {
        for (String d : DIALECTS) {
            // an OpenAI base URL carries its /v1 (docs/api.md); the others are bare hosts
            String path = d.equals("openai") ? "/v1" : "";
            set(r, "deadend" + d, "base-url", "http://127.0.0.1:" + closedPort + path);
            set(r, "reset" + d, "base-url", "http://127.0.0.1:" + resetPort + path);
            set(r, "blackhole" + d, "base-url", "http://127.0.0.1:" + blackholePort + path);
            set(r, "blackhole" + d, "connect-timeout", "300ms");
            String fake = fake(d).baseUrl() + path;
            set(r, "brisk" + d, "base-url", fake);
            set(r, "brisk" + d, "read-timeout", READ_TIMEOUT);
            set(r, "cut" + d, "base-url", "http://127.0.0.1:" + cutPort + path);
            set(r, "cut" + d, "read-timeout", CUT_READ_TIMEOUT);
            for (String fault : List.of("deadend", "reset", "blackhole", "brisk", "cut")) {
                set(r, fault + d, "api-key", "sk-" + fault + "-" + d + "-test-key-0123456789");
                // these fail on purpose: their breakers must not open between tests
                set(r, fault + d, "circuit-breaker.minimum-calls", "100000");
            }
        }
    }

    private static void set(DynamicPropertyRegistry r, String provider, String key, String value) {
        r.add("opengateway.providers." + provider + "." + key, () -> value);
    }
}
