package io.opengateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;

/**
 * The Redis server of the machine (127.0.0.1:6379, or OPENGATEWAY_TEST_REDIS_HOST/PORT): tests that
 * need it skip when it does not answer, unless OPENGATEWAY_TEST_REQUIRE_REDIS=true (CI), where they
 * fail. Each test takes a key prefix of its own, so tests never see each other's counters.
 */
public final class RedisServer {

    public static final String HOST = env("OPENGATEWAY_TEST_REDIS_HOST", "127.0.0.1");
    public static final int PORT = Integer.parseInt(env("OPENGATEWAY_TEST_REDIS_PORT", "6379"));

    private RedisServer() {
    }

    public static void assumeAvailable() {
        if (available()) {
            return;
        }
        if (Boolean.parseBoolean(env("OPENGATEWAY_TEST_REQUIRE_REDIS", "false"))) {
            throw new IllegalStateException("Redis is required for this run but " + HOST + ":" + PORT + " does not answer");
        }
        Assumptions.abort("no Redis at " + HOST + ":" + PORT);
    }

    /** True when a PING is answered with PONG. */
    public static boolean available() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, PORT), 1000);
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[7];
            int n = in.readNBytes(buf, 0, 7);
            return new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    public static String url() {
        return "redis://" + HOST + ":" + PORT;
    }

    /** A key prefix no other test uses. */
    public static String freshPrefix() {
        return "og-test-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }
}
