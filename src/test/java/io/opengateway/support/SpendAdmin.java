package io.opengateway.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The admin API of spend control, for tests: set, read and remove a key's or an account's limits. */
public final class SpendAdmin {

    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;
    private final String adminToken;

    public SpendAdmin(String baseUrl, String adminToken) {
        this.baseUrl = baseUrl;
        this.adminToken = adminToken;
    }

    /** Sets a key's limits; fails the test unless the gateway took them. */
    public HttpResponse<String> putKey(String keyId, String json) throws Exception {
        return ok(send("PUT", "/admin/keys/" + keyId + "/limits", json));
    }

    /** Sets an account's limits; fails the test unless the gateway took them. */
    public HttpResponse<String> putAccount(String account, String json) throws Exception {
        return ok(send("PUT", "/admin/accounts/" + account + "/limits", json));
    }

    private static HttpResponse<String> ok(HttpResponse<String> r) {
        if (r.statusCode() != 200) {
            throw new AssertionError("setting limits failed: " + r.statusCode() + " " + r.body());
        }
        return r;
    }

    public HttpResponse<String> send(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
