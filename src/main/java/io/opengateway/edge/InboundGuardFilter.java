package io.opengateway.edge;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.BufferedReader;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import io.opengateway.config.GatewayProperties;

/**
 * Checks what a request body is before Camel sees it. It has to sit in front of Camel:
 * platform-http reads the whole body (and parses a form body) before the first route step runs.
 * A body that is not JSON is refused (415); one over the limit too (413): a declared length at
 * once, a chunked body after reading up to the limit only. An error Spring MVC raises on these
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
        if (!"GET".equals(request.getMethod()) && !"DELETE".equals(request.getMethod()) && !isJson(request)) {
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
        if (declared < 0 && "POST".equals(request.getMethod())) {
            byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (body.length > max) {
                reject(request, response, 413, "request_too_large", tooLarge());
                return;
            }
            chain.doFilter(new BufferedBody(request, body), ServletErrors.inOpenAiShape(request, response));
            return;
        }
        chain.doFilter(request, ServletErrors.inOpenAiShape(request, response));
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

    /** A request whose body was read (up to the limit) by this filter. */
    private static final class BufferedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        BufferedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            InputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() throws IOException {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return false;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous reads only");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String enc = getCharacterEncoding() == null ? "UTF-8" : getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(), java.nio.charset.Charset.forName(enc)));
        }
    }
}
