package io.opengateway.support;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A test of the gateway as a separate JVM ({@link GatewayProcess}): its data folder, the fake
 * OpenAI it calls, and the process, killed after each test.
 */
public abstract class GatewayProcessTestBase {

    protected static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    protected Path dir;

    protected final FakeUpstream openai = new FakeUpstream();
    protected GatewayProcess gateway;

    @AfterEach
    void stopGateway() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        openai.close();
    }

    /** {@code POST /admin/keys}: the answer, with the key itself in {@code key}. */
    protected JsonNode createKey(String account, String name) throws Exception {
        HttpResponse<String> r = gateway.post("/admin/keys",
                JSON.createObjectNode().put("account", account).put("name", name).toString(), GatewayProcess.ADMIN_TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body());
    }
}
