package io.opengateway.dialect;

import java.util.Map;

/** The HTTP request a dialect built: path under the provider's base URL, query, headers and body. */
public record UpstreamCall(String path, String query, Map<String, String> headers, byte[] body) {
}
