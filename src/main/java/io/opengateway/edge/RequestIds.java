package io.opengateway.edge;

import java.security.SecureRandom;
import java.util.HexFormat;

import jakarta.servlet.http.HttpServletRequest;

/** Request ids ({@code req_} and 24 hex digits): every answer of the gateway carries one in {@code x-request-id}. */
public final class RequestIds {

    public static final String HEADER = "x-request-id";
    private static final String ATTRIBUTE = RequestIds.class.getName();
    private static final SecureRandom RANDOM = new SecureRandom();

    private RequestIds() {
    }

    public static String newId() {
        byte[] id = new byte[12];
        RANDOM.nextBytes(id);
        return "req_" + HexFormat.of().formatHex(id);
    }

    /**
     * The id of a request that the servlet layer answers itself (refused before Camel, or an error
     * page): made once and kept on the request, so a forward to the error page keeps it.
     */
    public static String of(HttpServletRequest request) {
        if (request.getAttribute(ATTRIBUTE) instanceof String id) {
            return id;
        }
        String id = newId();
        request.setAttribute(ATTRIBUTE, id);
        return id;
    }
}
