package io.opengateway;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.opengateway.auth.ApiKeyStore;
import io.opengateway.support.FakeUpstream;
import io.opengateway.support.FakeUpstream.StreamControl;
import io.opengateway.support.GatewayTestBase;
import io.opengateway.support.SpendAdmin;

import static io.opengateway.support.FakeUpstream.fixture;
import static io.opengateway.support.FakeUpstream.sseFixture;
import static org.assertj.core.api.Assertions.assertThat;

/** Requests, tokens and concurrency per key and per account (in-process store: the embedded H2 default). */
class SpendLimitsTest extends GatewayTestBase {

    private SpendAdmin admin;
    private String account;
    private ApiKeyStore.Created key;

    @BeforeEach
    void aFreshKey() {
        admin = new SpendAdmin(baseUrl(), ADMIN_TOKEN);
        account = "limits-" + UUID.randomUUID();
        key = keys.create(account, "limits-test");
    }

    private HttpResponse<String> chatOk() throws Exception {
        OPENAI.enqueue(FakeUpstream.json(200, fixture("openai/chat-completion.json")));
        return post("/v1/chat/completions", chat("openai/gpt-4o-mini"), key.secret());
    }

    @Test
    void refuses_the_request_past_the_keys_requests_per_minute_with_openais_headers() throws Exception {
        admin.putKey(key.key().id(), "{\"requests_per_minute\": 3}");

        List<String> remaining = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = chatOk();
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("x-ratelimit-limit-requests")).hasValue("3");
            assertThat(r.headers().firstValue("x-ratelimit-reset-requests")).isPresent();
            remaining.add(r.headers().firstValue("x-ratelimit-remaining-requests").orElseThrow());
        }
        assertThat(remaining).containsExactly("2", "1", "0");
        OPENAI.reset();

        HttpResponse<String> refused = post("/v1/chat/completions", chat("openai/gpt-4o-mini"), key.secret());

        assertThat(refused.statusCode()).isEqualTo(429);
        JsonNode error = json(refused.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.path("type").asText()).isEqualTo("requests");
        assertThat(error.path("message").asText()).contains("requests per minute", key.key().id(), "limit 3");
        assertThat(refused.headers().firstValue("Retry-After").map(Long::parseLong).orElseThrow()).isBetween(1L, 20L);
        assertThat(refused.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");
        assertThat(OPENAI.requests()).as("a refused request never reaches the provider").isEmpty();
    }

    @Test
    void an_accounts_limit_holds_over_all_its_keys_and_messages_refuse_in_anthropics_shape() throws Exception {
        admin.putAccount(account, "{\"requests_per_minute\": 2}");
        ApiKeyStore.Created second = keys.create(account, "second");
        assertThat(chatOk().statusCode()).isEqualTo(200);
        OPENAI.enqueue(FakeUpstream.json(200, fixture("openai/chat-completion.json")));
        assertThat(post("/v1/chat/completions", chat("openai/gpt-4o-mini"), second.secret()).statusCode()).isEqualTo(200);

        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/messages"))
                .header("x-api-key", second.secret()).header("anthropic-version", "2023-06-01")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"openai/gpt-4o-mini\", \"max_tokens\": 50, "
                        + "\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(429);
        JsonNode body = json(r.body());
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.path("error").path("type").asText()).isEqualTo("rate_limit_error");
        assertThat(body.path("error").path("message").asText()).contains("account " + account);
        assertThat(r.headers().firstValue("retry-after")).isPresent();
        assertThat(r.headers().firstValue("x-ratelimit-limit-requests")).hasValue("2");
    }

    @Test
    void a_request_its_keys_limit_refuses_takes_nothing_off_its_accounts_limit() throws Exception {
        admin.putAccount(account, "{\"requests_per_minute\": 3}");
        admin.putKey(key.key().id(), "{\"requests_per_minute\": 1}");
        ApiKeyStore.Created second = keys.create(account, "second");
        assertThat(chatOk().statusCode()).isEqualTo(200);
        OPENAI.reset();
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> refused = post("/v1/chat/completions", chat("openai/gpt-4o-mini"), key.secret());
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(json(refused.body()).path("error").path("message").asText()).contains(key.key().id());
        }

        for (int i = 0; i < 2; i++) {
            OPENAI.enqueue(FakeUpstream.json(200, fixture("openai/chat-completion.json")));
            HttpResponse<String> r = post("/v1/chat/completions", chat("openai/gpt-4o-mini"), second.secret());
            assertThat(r.statusCode()).as("the account's request %d of 3", i + 2).isEqualTo(200);
        }
        HttpResponse<String> fourth = post("/v1/chat/completions", chat("openai/gpt-4o-mini"), second.secret());
        assertThat(fourth.statusCode()).isEqualTo(429);
        assertThat(json(fourth.body()).path("error").path("message").asText()).contains("account " + account);
    }

    @Test
    void the_responses_api_counts_against_the_same_limit() throws Exception {
        admin.putKey(key.key().id(), "{\"requests_per_minute\": 1}");
        assertThat(chatOk().statusCode()).isEqualTo(200);

        HttpResponse<String> r = post("/v1/responses", "{\"model\": \"openai/gpt-4o-mini\", \"input\": \"Hi\"}",
                key.secret());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
        assertThat(json(r.body()).path("error").path("code").asText()).isEqualTo("rate_limit_exceeded");
    }

    @Test
    void tokens_the_provider_reported_are_taken_after_the_answer_and_refuse_the_next_request() throws Exception {
        admin.putKey(key.key().id(), "{\"tokens_per_minute\": 20}");
        HttpResponse<String> first = chatOk(); // 19 prompt + 10 completion tokens: 9 in debt afterwards

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("x-ratelimit-limit-tokens")).hasValue("20");
        assertThat(first.headers().firstValue("x-ratelimit-remaining-tokens")).hasValue("20");
        HttpResponse<String> second = post("/v1/chat/completions", chat("openai/gpt-4o-mini"), key.secret());
        assertThat(second.statusCode()).as(second.body()).isEqualTo(429);
        JsonNode error = json(second.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("tokens");
        assertThat(error.path("message").asText()).contains("tokens per minute", "limit 20");
        assertThat(second.headers().firstValue("x-ratelimit-remaining-tokens")).hasValue("0");
    }

    @Test
    void a_stream_holds_its_concurrency_slot_until_it_ends() throws Exception {
        admin.putKey(key.key().id(), "{\"max_concurrent\": 1}");
        StreamControl control = new StreamControl(2);
        OPENAI.enqueue(FakeUpstream.sse(sseFixture("openai/chat-stream.sse"), Duration.ZERO, control));
        HttpResponse<InputStream> stream = HTTP.send(request(chat(true, "openai/gpt-4o-mini")),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(control.awaitHeld()).isTrue();

        HttpResponse<String> second = post("/v1/chat/completions", chat("openai/gpt-4o-mini"), key.secret());
        assertThat(second.statusCode()).as(second.body()).isEqualTo(429);
        assertThat(json(second.body()).path("error").path("message").asText()).contains("in flight", "limit 1");

        control.release();
        try (InputStream in = stream.body()) {
            assertThat(new String(in.readAllBytes())).contains("[DONE]");
        }
        assertThat(awaitAdmitted()).as("the slot is free once the stream ended").isEqualTo(200);
    }

    @Test
    void a_client_that_leaves_mid_stream_frees_its_slot() throws Exception {
        admin.putKey(key.key().id(), "{\"max_concurrent\": 1}");
        List<String> events = new ArrayList<>(sseFixture("openai/chat-stream.sse"));
        String content = events.get(1);
        for (int i = 0; i < 300; i++) {
            events.add(2, content); // a long answer: 300 more events, 50 ms apart
        }
        OPENAI.enqueue(FakeUpstream.sse(events, Duration.ofMillis(50)));
        HttpResponse<InputStream> stream = HTTP.send(request(chat(true, "openai/gpt-4o-mini")),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        stream.body().read(new byte[64]);
        assertThat(post("/v1/chat/completions", chat("openai/gpt-4o-mini"), key.secret()).statusCode()).isEqualTo(429);

        stream.body().close(); // the client leaves, 15 s before the provider would end

        assertThat(awaitAdmitted()).as("the slot is free once the gateway saw the client go").isEqualTo(200);
    }

    /** Sends until the key is admitted again (each refusal costs nothing); the first non-429 status. */
    private int awaitAdmitted() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            OPENAI.enqueue(FakeUpstream.json(200, fixture("openai/chat-completion.json")));
            HttpResponse<String> r = post("/v1/chat/completions", chat("openai/gpt-4o-mini"), key.secret());
            if (r.statusCode() != 429 || System.nanoTime() > deadline) {
                return r.statusCode();
            }
            OPENAI.reset();
            Thread.onSpinWait();
        }
    }

    private HttpRequest request(String body) {
        return HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + key.secret()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
