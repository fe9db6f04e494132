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

    public HttpResponse<String> putKey(String keyId, String json) throws Exception {
        return send("PUT", "/admin/keys/" + keyId + "/limits", json);
    }

    public HttpResponse<String> putAccount(String account, String json) throws Exception {
        return send("PUT", "/admin/accounts/" + account + "/limits", json);
    }

    public HttpResponse<String> send(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (method.equals("PUT") && r.statusCode() != 200) {
            throw new AssertionError("setting limits failed: " + r.statusCode() + " " + r.body());
        }
        return r;
    }
}
