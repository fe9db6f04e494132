package io.opengateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.opengateway.support.GatewayTestBase;
import io.opengateway.support.NodeTools;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a Responses client script (clients/openai-responses.cjs, clients/openai_responses.py) must have
 * got from the gateway, whatever the provider: one assertion for the Node and the Python SDK alike.
 */
final class ResponsesClientAssertions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ResponsesClientAssertions() {
    }

    static void assertClientOutput(NodeTools.Run run, String model, ResponsesFakes fakes) throws Exception {
        assertThat(run.exit()).as("client: %s", run.err()).isZero();
        JsonNode out = JSON.readTree(run.out());

        JsonNode plain = out.path("plain");
        assertThat(plain.path("text").asText()).isNotBlank();
        assertThat(plain.path("status").asText()).isEqualTo("completed");
        assertThat(plain.path("model").asText()).isEqualTo(model);
        assertThat(plain.path("usage").path("input_tokens").asInt()).isPositive();
        assertThat(plain.path("usage").path("output_tokens").asInt()).isPositive();

        JsonNode stream = out.path("stream");
        assertThat(stream.path("events").toString()).startsWith("[\"response.created\"")
                .contains("\"response.output_text.delta\"").endsWith("\"response.completed\"]");
        assertThat(stream.path("deltas").asText()).isNotBlank().isEqualTo(stream.path("text").asText());
        assertThat(stream.path("status").asText()).isEqualTo("completed");
        assertThat(stream.path("model").asText()).isEqualTo(model);
        assertThat(stream.path("usage").path("output_tokens").asInt()).isPositive();

        JsonNode tools = out.path("tools");
        assertThat(tools.path("calls")).isNotEmpty();
        for (JsonNode call : tools.path("calls")) {
            assertThat(call.path("name").asText()).isEqualTo("get_weather");
            assertThat(call.path("call_id").asText()).isNotBlank();
            assertThat(call.path("arguments").path("city").asText()).isNotBlank(); // parsed JSON arguments
        }
        assertThat(tools.path("second_text").asText()).isNotBlank();
        assertThat(tools.path("second_status").asText()).isEqualTo("completed");
        String resultTurn = fakes.fake().requests().get(3).body();
        assertThat(resultTurn).contains("18 degrees");
        if (fakes.fake() == GatewayTestBase.OPENAI) { // passed through: the provider's own call ids come back
            for (JsonNode call : tools.path("calls")) {
                assertThat(resultTurn).contains(call.path("call_id").asText());
            }
        }

        JsonNode continued = out.path("continued");
        assertThat(continued.path("status").asText()).isEqualTo("completed");
        assertThat(continued.path("text").asText()).isNotBlank();
        String previous = continued.path("previous").asText();
        String continuedTurn = fakes.fake().requests().get(4).body();
        if (fakes.fake() == GatewayTestBase.OPENAI) { // OpenAI keeps its own responses: the id goes as sent
            assertThat(JSON.readTree(continuedTurn).path("previous_response_id").asText()).isEqualTo(previous);
        } else { // the gateway kept the first turn: the provider gets it whole, without its instructions
            assertThat(continued.path("previous_response_id").asText()).isEqualTo(previous);
            assertThat(continuedTurn).contains("Tell me a story", plain.path("text").asText(), "And in German?")
                    .doesNotContain("Be kind.");
        }
    }
}
