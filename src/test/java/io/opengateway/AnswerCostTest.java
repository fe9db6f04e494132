package io.opengateway;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.opengateway.billing.BillingRecord;
import io.opengateway.billing.UsageQueries;
import io.opengateway.support.FakeUpstream;
import io.opengateway.support.GatewayTestBase;

import static io.opengateway.support.BillingAssertions.awaitRecord;
import static io.opengateway.support.BillingAssertions.requestId;
import static io.opengateway.support.FakeUpstream.fixture;
import static io.opengateway.support.FakeUpstream.sseFixture;
import static org.assertj.core.api.Assertions.assertThat;

/** Every answer carries its cost, equal to its billing record to the last digit. */
class AnswerCostTest extends GatewayTestBase {

    @Autowired
    UsageQueries queries;

    @Test
    void a_chat_completion_carries_its_cost_in_usage_and_in_a_header() throws Exception {
        OPENAI.enqueue(FakeUpstream.json(200, fixture("openai/chat-completion.json")));

        HttpResponse<String> r = post("/v1/chat/completions", chat("openai/gpt-4o-mini"));

        assertThat(r.statusCode()).isEqualTo(200);
        BillingRecord rec = awaitRecord(queries, requestId(r));
        JsonNode usage = json(r.body()).path("usage");
        assertThat(usage.path("cost").asText()).isEqualTo("0.0000092925")
                .isEqualTo(rec.cost().total().stripTrailingZeros().toPlainString());
        assertThat(usage.path("cost_details").path("provider_cost").asText())
                .isEqualTo(rec.cost().providerCost().stripTrailingZeros().toPlainString());
        assertThat(usage.path("cost_details").path("platform_fee").asText())
                .isEqualTo(rec.cost().platformFee().stripTrailingZeros().toPlainString());
        assertThat(r.headers().firstValue("x-opengateway-cost")).hasValue("0.0000092925");
        assertThat(new java.math.BigDecimal(r.headers().firstValue("x-opengateway-key-spend").orElseThrow()))
                .as("the key's month so far, this answer included").isGreaterThanOrEqualTo(rec.cost().total());
    }

    @Test
    void the_key_spend_header_adds_this_answer_to_what_the_ledger_has_for_the_key() throws Exception {
        String key = keys.create("cost-" + java.util.UUID.randomUUID(), "cost").secret();
        OPENAI.enqueue(FakeUpstream.json(200, fixture("openai/chat-completion.json")));
        awaitRecord(queries, requestId(post("/v1/chat/completions", chat("openai/gpt-4o-mini"), key)));
        OPENAI.enqueue(FakeUpstream.json(200, fixture("openai/chat-completion.json")));

        HttpResponse<String> second = post("/v1/chat/completions", chat("openai/gpt-4o-mini"), key);

        assertThat(second.headers().firstValue("x-opengateway-key-spend")).hasValue("0.000018585");
    }

    @Test
    void a_streams_final_usage_chunk_carries_its_cost() throws Exception {
        OPENAI.enqueue(FakeUpstream.sse(sseFixture("openai/chat-stream.sse"), Duration.ZERO));
        String body = "{\"model\":\"openai/gpt-4o-mini\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

        HttpResponse<String> r = post("/v1/chat/completions", body);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-opengateway-cost")).as("unknown when the headers go").isEmpty();
        JsonNode usage = null;
        for (String line : r.body().split("\n")) {
            if (line.startsWith("data: {") && line.contains("\"usage\":{")) {
                usage = json(line.substring(6)).path("usage");
            }
        }
        assertThat(usage).isNotNull();
        BillingRecord rec = awaitRecord(queries, requestId(r));
        assertThat(usage.path("cost").asText()).isEqualTo(rec.cost().total().stripTrailingZeros().toPlainString());
        assertThat(rec.cost().total().signum()).isPositive();
    }

    @Test
    void a_messages_answer_carries_its_cost_in_the_header() throws Exception {
        OPENAI.enqueue(FakeUpstream.json(200, fixture("openai/chat-completion.json")));

        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/messages"))
                .header("x-api-key", gatewayKey()).header("anthropic-version", "2023-06-01")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"openai/gpt-4o-mini\", \"max_tokens\": 50, "
                        + "\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        BillingRecord rec = awaitRecord(queries, requestId(r));
        assertThat(r.headers().firstValue("x-opengateway-cost"))
                .hasValue(rec.cost().total().stripTrailingZeros().toPlainString());
    }
}
