package io.opengateway.billing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

import org.apache.camel.Exchange;

import io.opengateway.error.GatewayException;

/**
 * The query parameters of the usage endpoints, read from the raw query string (not from message
 * headers, which a client could also send). Each bad value is a 400 naming its parameter.
 */
final class UsageParams {

    private final Map<String, String> values;
    private final int defaultLimit;
    private final int maxLimit;

    private UsageParams(Map<String, String> values, int defaultLimit, int maxLimit) {
        this.values = values;
        this.defaultLimit = defaultLimit;
        this.maxLimit = maxLimit;
    }

    static UsageParams of(Exchange exchange, int defaultLimit, int maxLimit) {
        return parse(exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class), defaultLimit, maxLimit);
    }

    static UsageParams parse(String query, int defaultLimit, int maxLimit) {
        Map<String, String> values = new HashMap<>();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq), null);
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1), name);
                if (values.putIfAbsent(name, value) != null) {
                    throw GatewayException.badRequest(name, "'" + name + "' must be given once.");
                }
            }
        }
        return new UsageParams(values, defaultLimit, maxLimit);
    }

    int limit() {
        String v = values.get("limit");
        if (v == null) {
            return defaultLimit;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= maxLimit) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw GatewayException.badRequest("limit", "'limit' must be an integer from 1 to " + maxLimit + ".");
    }

    String after() {
        String v = values.get("after");
        if (v != null && (v.isEmpty() || v.length() > 40)) {
            throw GatewayException.badRequest("after", "'after' must be the request_id of one of these records.");
        }
        return v;
    }

    String required(String name) {
        String v = values.get(name);
        if (v == null || v.isBlank()) {
            throw GatewayException.badRequest(name, "'" + name + "' is required.");
        }
        return v;
    }

    /**
     * An ISO-8601 instant ({@code 2026-11-26T10:00:00Z}, or with an offset) or a date
     * ({@code 2026-11-26}, UTC). A date as the end of a range includes that whole day.
     */
    Instant instant(String name, boolean end) {
        String v = values.get(name);
        if (v == null) {
            return null;
        }
        try {
            if (v.length() == 10) {
                LocalDate d = LocalDate.parse(v);
                return (end ? d.plusDays(1) : d).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw GatewayException.badRequest(name, "'" + name + "' must be an ISO-8601 instant like "
                    + "2026-11-26T10:00:00Z or a date like 2026-11-26.");
        }
    }

    private static String decode(String s, String param) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw GatewayException.badRequest(param, "The query string is not validly escaped.");
        }
    }
}
