package io.opengateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import javax.sql.DataSource;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.opengateway.config.DurableWrites;
import io.opengateway.config.GatewayDatabase;
import io.opengateway.config.GatewayProperties;
import io.opengateway.error.GatewayException;

/**
 * Gateway keys in the database. A key is 32 random bytes; only its SHA-256 is stored (a fast hash
 * is enough for a secret of that entropy, and lets a lookup use the index). Every authentication
 * reads the database, so a revocation holds from the next request on, on every replica.
 * <p>
 * Only when the database cannot be reached does a key pass without it: one this process checked
 * successfully within {@code opengateway.auth.outage-grace} (stale-if-error), so a database outage
 * does not stop the traffic of known callers while their records wait in the billing journal. Any
 * other key is then answered 503, never 401: the gateway cannot tell whether it is valid.
 */
@Component
public class ApiKeyStore {

    public static final String PREFIX = "og-";
    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyStore.class);
    private static final String RETRY_AFTER_SECONDS = "5";

    private final JdbcTemplate jdbc;
    private final DurableWrites writes;
    private final SecureRandom random = new SecureRandom();
    private final KnownKeys known;
    private final Duration grace;
    private final AtomicBoolean unreachable = new AtomicBoolean();
    private final AtomicLong outageAccepted = new AtomicLong();
    private final AtomicLong outageRefused = new AtomicLong();

    @Autowired
    public ApiKeyStore(GatewayDatabase db, GatewayProperties properties, MeterRegistry registry) {
        this(db.jdbc(), db.writes(), properties.auth(), System::nanoTime);
        outageCounter(registry, "accepted", outageAccepted);
        outageCounter(registry, "refused", outageRefused);
    }

    private static void outageCounter(MeterRegistry registry, String result, AtomicLong count) {
        FunctionCounter.builder("opengateway.auth.outage.checks", count, AtomicLong::get)
                .description("Key checks the database could not answer: accepted on a recent check, or refused with 503")
                .tag("result", result).register(registry);
    }

    public ApiKeyStore(DataSource dataSource) {
        this(dataSource, GatewayProperties.Auth.DEFAULT, System::nanoTime);
    }

    ApiKeyStore(DataSource dataSource, GatewayProperties.Auth settings, LongSupplier nanoTime) {
        this(new JdbcTemplate(dataSource), new DurableWrites(dataSource), settings, nanoTime);
    }

    private ApiKeyStore(JdbcTemplate jdbc, DurableWrites writes, GatewayProperties.Auth settings, LongSupplier nanoTime) {
        this.jdbc = jdbc;
        this.writes = writes;
        this.grace = settings.outageGrace();
        this.known = new KnownKeys(settings.outageGrace(), settings.outageMaxKeys(), nanoTime);
    }

    /** A new key and, this once, its secret. */
    public record Created(ApiKey key, String secret) {
    }

    public Created create(String account, String name) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        byte[] idBytes = new byte[12];
        random.nextBytes(idBytes);
        String id = "key_" + HexFormat.of().formatHex(idBytes);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        writes.run(db -> db.update("INSERT INTO api_keys (id, account, name, key_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                id, account, name, hash(key), Timestamp.from(now)));
        return new Created(new ApiKey(id, account, name, now, null), key);
    }

    public List<ApiKey> list() {
        return jdbc.query("SELECT id, account, name, created_at, revoked_at FROM api_keys ORDER BY created_at, id",
                ApiKeyStore::row);
    }

    /**
     * Revokes a key; false when there is no such key. Revoking twice keeps the first time. This
     * process forgets the key at once, so no database outage that follows lets it pass on an
     * earlier check.
     */
    public boolean revoke(String id) {
        int n = writes.run(db -> db.update("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?",
                Timestamp.from(Instant.now()), id));
        known.forget(id);
        return n > 0;
    }

    /**
     * The live key with this secret, or null. While the database is unreachable: the key as last
     * confirmed within the grace time, or a 503 {@link GatewayException}.
     */
    public ApiKey authenticate(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 200) {
            return null;
        }
        String hash = hash(secret);
        List<ApiKey> found;
        try {
            found = jdbc.query(
                    "SELECT id, account, name, created_at, revoked_at FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL",
                    ApiKeyStore::row, hash);
        } catch (DataAccessException e) {
            if (!isUnreachable(e)) {
                throw e;
            }
            return withoutDatabase(hash, e);
        }
        if (unreachable.compareAndSet(true, false)) {
            LOG.info("Key checks reach the database again (since start-up, {} request(s) passed on a recent check "
                    + "while it was unreachable, {} got 503)",
                    outageAccepted.get(), outageRefused.get());
        }
        if (found.isEmpty()) {
            known.refused(hash);
            return null;
        }
        known.confirmed(hash, found.get(0));
        return found.get(0);
    }

    private ApiKey withoutDatabase(String hash, DataAccessException e) {
        if (unreachable.compareAndSet(false, true)) {
            LOG.warn("The database cannot be reached to check keys ({}): {}", e.getMostSpecificCause(), known.enabled()
                    ? "keys this gateway checked within the last " + grace + " pass until it answers again, other keys get 503"
                    : "every key gets 503 (opengateway.auth.outage-grace is 0)");
        }
        ApiKey key = known.recall(hash);
        if (key == null) {
            outageRefused.incrementAndGet();
            throw GatewayException.unavailable("key_check_unavailable", RETRY_AFTER_SECONDS,
                    "The gateway cannot check API keys right now (its database is unreachable) and has not checked "
                            + "this key recently. Retry shortly.");
        }
        outageAccepted.incrementAndGet();
        return key;
    }

    /** The database could not be reached or did not answer in time (not a fault of the query). */
    static boolean isUnreachable(DataAccessException e) {
        return e instanceof DataAccessResourceFailureException || e instanceof TransientDataAccessException
                || e instanceof RecoverableDataAccessException;
    }

    private static ApiKey row(ResultSet rs, int n) throws SQLException {
        Timestamp revoked = rs.getTimestamp("revoked_at");
        return new ApiKey(rs.getString("id"), rs.getString("account"), rs.getString("name"),
                rs.getTimestamp("created_at").toInstant(), revoked == null ? null : revoked.toInstant());
    }

    static String hash(String key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
