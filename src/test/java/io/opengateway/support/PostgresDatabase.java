package io.opengateway.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Assumptions;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.opengateway.config.GatewayDatabase;

/**
 * A real PostgreSQL server for tests: a fresh schema per use, migrated with the production
 * migrations. The server is 127.0.0.1:5432 unless OPENGATEWAY_TEST_PG_URL says otherwise. CI sets
 * OPENGATEWAY_TEST_REQUIRE_PG=true, so there a missing server fails the run instead of skipping.
 */
public final class PostgresDatabase {

    public static final String URL = env("OPENGATEWAY_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String USER = env("OPENGATEWAY_TEST_PG_USER", "postgres");
    public static final String PASSWORD = env("OPENGATEWAY_TEST_PG_PASSWORD", "");

    private PostgresDatabase() {
    }

    /** Skips the test (or fails it in CI) when no server answers. */
    public static void assumeAvailable() {
        SQLException e = connectionProblem();
        if (e == null) {
            return;
        }
        if (Boolean.parseBoolean(env("OPENGATEWAY_TEST_REQUIRE_PG", "false"))) {
            throw new IllegalStateException("PostgreSQL is required for this run but " + URL + " does not answer", e);
        }
        Assumptions.abort("no PostgreSQL at " + URL + " (" + e.getMessage() + ")");
    }

    /** True when the server answers (no skipping, no failing: for code that decides what to set up). */
    public static boolean available() {
        return connectionProblem() == null;
    }

    private static SQLException connectionProblem() {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD)) {
            c.isValid(2);
            return null;
        } catch (SQLException e) {
            return e;
        }
    }

    /** The same database URL through another local port (a proxy in front of the server). */
    public static String viaPort(String url, int port) {
        return url.replaceFirst("//[^/]+/", "//127.0.0.1:" + port + "/");
    }

    /** The server's host and port, from {@link #URL}. */
    public static String[] hostAndPort() {
        String hostPort = URL.replaceFirst("^jdbc:postgresql://([^/]+)/.*$", "$1");
        int colon = hostPort.lastIndexOf(':');
        return colon < 0 ? new String[] {hostPort, "5432"}
                : new String[] {hostPort.substring(0, colon), hostPort.substring(colon + 1)};
    }

    /** A new schema with the gateway's migrations applied; its name is in the returned URL. */
    public static String freshSchemaUrl() {
        String schema = "og_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        String url = URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        GatewayDatabase.migrate(GatewayDatabase.flyway().dataSource(url, USER, PASSWORD).schemas(schema));
        return url;
    }

    public static DataSource dataSource(String url) {
        return new DriverManagerDataSource(url, USER, PASSWORD);
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }
}
