package io.opengateway.auth;

import java.time.Instant;

/** A gateway key's public record (never the key itself). */
public record ApiKey(String id, String account, String name, Instant createdAt, Instant revokedAt) {
}
