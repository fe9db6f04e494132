package io.opengateway.dialect.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.opengateway.edge.OpenAiFormat;
import io.opengateway.model.ChatCompletion;

import static io.opengateway.dialect.gemini.GeminiFixtures.JSON;
import static io.opengateway.dialect.gemini.GeminiFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One fixture pair per translation rule: {@code requests/<rule>.openai.json} must become
 * {@code requests/<rule>.gemini.json}, and each Gemini answer {@code <name>.json} must become
 * {@code expected/<name>.openai.json} (generated tool call ids are compared by their shape).
 */
class GeminiFixturePairsTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"roles", "tools", "tools-free-form", "tool-choice-required", "tool-loop",
            "tool-loop-extra-content", "images", "generation-config", "json-schema", "json-schema-openapi",
            "json-object", "reasoning-budget", "reasoning-none", "reasoning-none-thinking-required",
            "reasoning-level"})
    void translates_each_request_rule_to_its_gemini_body(String rule) {
        JsonNode openAi = json("requests/" + rule + ".openai.json");

        ObjectNode body = GeminiRequest.body(GeminiFixtures.chat(openAi),
                GeminiFixtures.model(openAi.get("model").asText()));

        assertThat(body).isEqualTo(json("requests/" + rule + ".gemini.json"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"generate-content", "generate-content-function-calls", "generate-content-after-tools",
            "generate-content-json", "generate-content-blocked", "generate-content-safety",
            "generate-content-max-tokens", "generate-content-logprobs"})
    void translates_each_gemini_answer_to_its_openai_completion(String name) throws Exception {
        JsonNode gemini = json(name + ".json");

        ObjectNode out = openAi(gemini);

        assertThat(JSON.readTree(normaliseIds(out.toString()))).isEqualTo(json("expected/" + name + ".openai.json"));
    }

    static ObjectNode openAi(JsonNode gemini) {
        ChatCompletion c = GeminiResponses.completion(gemini, "google/gemini-2.5-flash");
        ObjectNode out = OpenAiFormat.completion(c, new OpenAiFormat.ChunkMeta("chatcmpl-test", 1767225600L,
                "google/gemini-test"));
        GeminiResponses.decorate(out, gemini);
        return out;
    }

    /** Generated ids are random: their 24 random characters become "R". */
    static String normaliseIds(String s) {
        return s.replaceAll("call_[A-Za-z0-9]{24}", "call_R");
    }
}
