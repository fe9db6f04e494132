package io.opengateway.edge;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import io.opengateway.config.GatewayPaths;
import io.opengateway.config.GatewayProperties;

/**
 * Checks what a request body is before Camel sees it. It has to sit in front of Camel:
 * platform-http reads the whole body (and parses a form body) before the first route step runs.
 * A body that is not JSON is refused (415); one over the limit too (413): a declared length at
 * once, a chunked body after reading up to the limit only; one cut off before its end is a 400. The
 * body read here reaches the route as the bytes that came ({@link BufferedBody}), for
 * {@link JsonBody} to judge. An error Spring MVC raises on these
 * paths (405) is answered in OpenAI's shape here too ({@link ServletErrors}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class InboundGuardFilter extends OncePerRequestFilter {

    private final long max;
    private final GatewayPaths paths;

    public InboundGuardFilter(GatewayProperties properties, GatewayPaths paths) {
        this.max = properties.limits().maxBodySize().toBytes();
        this.paths = paths;
    }

    /** The gateway's own paths only: an application that embeds the gateway keeps its endpoints to itself. */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !paths.matches(GatewayPaths.of(request));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean takesBody = !"GET".equals(request.getMethod()) && !"DELETE".equals(request.getMethod());
        if (takesBody && !isJson(request)) {
            String type = request.getContentType();
            reject(request, response, 415, "unsupported_media_type", "The request body must be JSON sent with "
                    + "'Content-Type: application/json'" + (type == null ? " (no Content-Type was sent)." : "."));
            return;
        }
        long declared = request.getContentLengthLong();
        if (declared > max) {
            reject(request, response, 413, "request_too_large", tooLarge());
            return;
        }
        if (!takesBody) {
            chain.doFilter(request, ServletErrors.inOpenAiShape(request, response));
            return;
        }
        byte[] body;
        try {
            body = BufferedBody.read(request.getInputStream(), max);
        } catch (IOException e) {
            // the connection ended mid-body (a chunked body cut off, or fewer bytes than Content-Length)
            incomplete(request, response, declared);
            return;
        }
        if (body.length > max) {
            reject(request, response, 413, "request_too_large", tooLarge());
            return;
        }
        if (declared >= 0 && body.length < declared) {
            incomplete(request, response, declared);
            return;
        }
        chain.doFilter(new BufferedBody(request, body), ServletErrors.inOpenAiShape(request, response));
    }

    /**
     * A body cut off by its client, who may still read the answer (it stopped sending) or be gone.
     * Tomcat answers a failed read itself (a 400 through the error page, whatever the filter writes):
     * the error page is told what to say ({@link ServletErrors#explain}).
     */
    private static void incomplete(HttpServletRequest request, HttpServletResponse response, long declared) {
        String message = "The request body ended before it was complete" + (declared >= 0 ? " (its Content-Length is "
                + declared + " bytes)" : " (its chunked encoding was cut off before the last chunk)")
                + "; send the whole body.";
        ServletErrors.explain(request, "incomplete_body", message);
        try {
            reject(request, response, 400, "incomplete_body", message);
        } catch (IOException gone) {
            // the client closed the connection as well
        }
    }

    private static boolean isJson(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.split(";", 2)[0].trim().equalsIgnoreCase("application/json");
    }

    private String tooLarge() {
        return "The request body is larger than the limit of " + max + " bytes.";
    }

    private static void reject(HttpServletRequest request, HttpServletResponse response, int status, String code,
            String message) throws IOException {
        // the body is left unread: the connection cannot be reused
        response.setHeader("Connection", "close");
        ServletErrors.write(request, response, status, code, message);
    }
}
