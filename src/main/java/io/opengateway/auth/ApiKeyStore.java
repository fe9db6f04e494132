package io.opengateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.opengateway.config.GatewayDatabase;

/**
 * Gateway keys in the database. A key is 32 random bytes; only its SHA-256 is stored (a fast hash
 * is enough for a secret of that entropy, and lets a lookup use the index). Every authentication
 * reads the database, so a revocation holds from the next request on, on every replica.
 */
@Component
public class ApiKeyStore {

    public static final String PREFIX = "og-";

    private final JdbcTemplate jdbc;
    private final SecureRandom random = new SecureRandom();

    @Autowired
    public ApiKeyStore(GatewayDatabase db) {
        this(db.jdbc());
    }

    public ApiKeyStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
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
        jdbc.update("INSERT INTO api_keys (id, account, name, key_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                id, account, name, hash(key), Timestamp.from(now));
        return new Created(new ApiKey(id, account, name, now, null), key);
    }

    public List<ApiKey> list() {
        return jdbc.query("SELECT id, account, name, created_at, revoked_at FROM api_keys ORDER BY created_at, id",
                ApiKeyStore::row);
    }

    /** Revokes a key; false when there is no such key. Revoking twice keeps the first time. */
    public boolean revoke(String id) {
        int n = jdbc.update("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?",
                Timestamp.from(Instant.now()), id);
        return n > 0;
    }

    /** The live key with this secret, or null. */
    public ApiKey authenticate(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 200) {
            return null;
        }
        List<ApiKey> found = jdbc.query(
                "SELECT id, account, name, created_at, revoked_at FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL",
                ApiKeyStore::row, hash(secret));
        return found.isEmpty() ? null : found.get(0);
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
