package io.opengateway.dialect.openai;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import io.opengateway.catalog.CatalogEntry;
import io.opengateway.dialect.DroppedParams;
import io.opengateway.dialect.Efforts;
import io.opengateway.edge.ChatRequestParser;
import io.opengateway.error.GatewayException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The reasoning-model rules on catalog entries built here: effort levels, sampling, the Responses bridge. */
class OpenAiReasoningTest {

    private static final List<String> ALL = List.of("none", "minimal", "low", "medium", "high", "xhigh", "max");
    private static final CatalogEntry TERRA = model(ALL, "tools_need_responses");
    private static final CatalogEntry SOL = model(List.of("low", "medium", "high", "xhigh", "max"),
            "tools_need_responses", "tools_only_responses", "max_tokens_refused");
    private static final CatalogEntry GPT_4O = model(List.of());

    private static CatalogEntry model(List<String> efforts, String... flags) {
        return new CatalogEntry("openai/m", "openai", 1_000_000, 128_000L, null, Set.of(flags), null, null, efforts);
    }

    private static io.opengateway.model.ChatRequest chat(String extra) throws Exception {
        return new ChatRequestParser(null).parse(new ObjectMapper().readTree("{\"model\":\"openai/m\",\"messages\":"
                + "[{\"role\":\"user\",\"content\":\"x\"}]" + extra + "}"));
    }

    @Test
    void an_effort_the_model_lacks_is_its_nearest_level_a_tie_going_up() {
        assertThat(Efforts.nearest("none", SOL)).isEqualTo("low");
        assertThat(Efforts.nearest("max", model(List.of("low", "medium", "high")))).isEqualTo("high");
        assertThat(Efforts.nearest("medium", model(List.of("low", "high")))).isEqualTo("high");
        assertThat(Efforts.nearest("xhigh", TERRA)).isEqualTo("xhigh");
        assertThat(Efforts.nearest("high", GPT_4O)).as("no levels in the catalog: as asked").isEqualTo("high");
        assertThat(Efforts.nearest(null, SOL)).isNull();
    }

    @Test
    void a_model_refuses_sampling_while_it_reasons() {
        assertThat(OpenAiReasoning.reasons("high", TERRA)).isTrue();
        assertThat(OpenAiReasoning.reasons("none", TERRA)).isFalse();
        assertThat(OpenAiReasoning.reasons(null, TERRA)).as("the model's default").isFalse();
        assertThat(OpenAiReasoning.reasons(null, SOL)).as("cannot be asked for none").isTrue();
        assertThat(OpenAiReasoning.reasons("none", SOL)).isTrue();
        assertThat(OpenAiReasoning.reasons("high", GPT_4O)).isFalse();
    }

    @Test
    void the_refuse_setting_refuses_sampling_on_a_reasoning_request() throws Exception {
        var req = chat(",\"reasoning_effort\":\"high\",\"temperature\":0.2");

        assertThatThrownBy(() -> new DroppedParams("refuse").apply(req, TERRA, DroppedParams.ALL_SAMPLING,
                OpenAiReasoning.reasons(req.effort(), TERRA)))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.param()).isEqualTo("temperature"));
    }

    @Test
    void tools_go_to_responses_with_reasoning_or_on_a_responses_only_model() throws Exception {
        String tools = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]";

        assertThat(OpenAiReasoning.needsResponses(chat(tools + ",\"reasoning_effort\":\"low\""), TERRA)).isTrue();
        assertThat(OpenAiReasoning.needsResponses(chat(tools + ",\"reasoning_effort\":\"none\""), TERRA)).isFalse();
        assertThat(OpenAiReasoning.needsResponses(chat(tools), TERRA)).isFalse();
        assertThat(OpenAiReasoning.needsResponses(chat(tools), SOL)).isTrue();
        assertThat(OpenAiReasoning.needsResponses(chat(",\"reasoning_effort\":\"high\""), SOL)).isFalse();
        assertThat(OpenAiReasoning.needsResponses(chat(tools + ",\"reasoning_effort\":\"high\""), GPT_4O)).isFalse();
    }
}
