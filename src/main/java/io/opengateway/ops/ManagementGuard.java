package io.opengateway.ops;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards the management server: health and Prometheus stay open for probes and scrapers; everything
 * else there (Hawtio, Jolokia, whatever endpoint is exposed later) needs the admin token, either as
 * HTTP Basic with user {@code admin} (so a browser can log into Hawtio) or as a Bearer token. With
 * no admin token configured the console is closed. Deny by default, so a newly exposed endpoint is
 * never open by accident.
 *
 * <p>Browsers resend Basic credentials on their own, also to requests another site triggers, and
 * Jolokia executes operations even on GET: a request that a browser marks as cross-site, or whose
 * Origin is not this server, is refused.
 *
 * <p>When the management endpoints share the public port (management.server.port unset or equal
 * to server.port), the console is not served at all: it must never be reachable on the public port.
 *
 * <p>Inside another application (not {@code opengateway.standalone}) the management endpoints are
 * the application's: the guard then covers only the console the gateway brings (Hawtio, Jolokia)
 * and leaves every other endpoint as the application configured it.
 */
public class ManagementGuard extends OncePerRequestFilter {

    static final String USER = "admin";
    private static final String REALM = "Basic realm=\"opengateway management\", charset=\"UTF-8\"";

    private final String basePath;
    private final byte[] token;
    private final boolean ownPort;
    private final List<String> console;

    /** The standalone gateway's guard: every endpoint but health, info and Prometheus. */
    public ManagementGuard(String basePath, String adminToken, boolean ownPort) {
        this(basePath, adminToken, ownPort, null);
    }

    /**
     * @param basePath the actuator base path ({@code /actuator})
     * @param adminToken {@code opengateway.admin-token}; null or blank closes the console
     * @param ownPort whether the management endpoints have a port of their own
     * @param console the only endpoint paths below {@code basePath} to guard ({@code hawtio}, {@code jolokia});
     *        null for all of them
     */
    public ManagementGuard(String basePath, String adminToken, boolean ownPort, List<String> console) {
        this.basePath = basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
        this.token = adminToken == null || adminToken.isBlank() ? null : adminToken.getBytes(StandardCharsets.UTF_8);
        this.ownPort = ownPort;
        this.console = console == null ? null : console.stream().map(p -> this.basePath + "/" + p.replaceFirst("^/+", "")).toList();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = path(request);
        if (console != null) {
            return console.stream().noneMatch(c -> path.equals(c) || path.startsWith(c + "/"));
        }
        if (isOpen(path)) {
            return true;
        }
        // on the public port, only the actuator's own paths are this filter's business
        return !ownPort && !(path.equals(basePath) || path.startsWith(basePath + "/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!ownPort) {
            reject(response, 404, "Not found.");
        } else if (token == null) {
            reject(response, 403, "The management console is closed: no opengateway.admin-token is configured.");
        } else if (crossSite(request)) {
            reject(response, 403, "Cross-site requests to the management console are refused.");
        } else if (!authenticated(request.getHeader("Authorization"))) {
            response.setHeader("WWW-Authenticate", REALM);
            reject(response, 401, "Log in as '" + USER + "' with the admin token as password, "
                    + "or send 'Authorization: Bearer <admin token>'.");
        } else {
            chain.doFilter(request, response);
        }
    }

    private boolean isOpen(String path) {
        return path.equals(basePath + "/health") || path.startsWith(basePath + "/health/")
                || path.equals(basePath + "/prometheus") || path.equals(basePath + "/info");
    }

    private boolean authenticated(String header) {
        if (header == null) {
            return false;
        }
        String given;
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            given = header.substring(7).trim();
        } else if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            String pair;
            try {
                pair = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return false;
            }
            int colon = pair.indexOf(':');
            if (colon < 0 || !USER.equals(pair.substring(0, colon))) {
                return false;
            }
            given = pair.substring(colon + 1);
        } else {
            return false;
        }
        return MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
    }

    /** Fetch metadata where the browser sends it; the Origin of a write otherwise. */
    static boolean crossSite(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none")) {
            return true;
        }
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return false;
        }
        try {
            URI o = URI.create(origin);
            String host = request.getHeader("Host");
            String authority = o.getPort() < 0 ? o.getHost() : o.getHost() + ":" + o.getPort();
            return host == null || o.getHost() == null
                    || !authority.toLowerCase(Locale.ROOT).equals(host.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    private static void reject(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream().write((message + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
