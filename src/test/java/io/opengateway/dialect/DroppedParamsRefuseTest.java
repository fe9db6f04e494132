package io.opengateway.dialect;


import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import io.opengateway.catalog.Catalog;
import io.opengateway.edge.ChatRequestParser;
import io.opengateway.error.GatewayException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** opengateway.dropped-params: refuse makes a refused sampling parameter a 400 that names it, the model and why. */
class DroppedParamsRefuseTest {

    @Test
    void the_refuse_setting_answers_400_naming_parameter_model_and_reason() throws Exception {
        var model = Catalog.of("file:routes/catalog/*.yaml").find("anthropic/claude-opus-5-5");
        var req = new ChatRequestParser(null).parse(new ObjectMapper().readTree(
                "{\"model\":\"anthropic/claude-opus-5-5\",\"temperature\":0.2,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"));

        assertThatThrownBy(() -> new DroppedParams("refuse").apply(req, model, DroppedParams.ALL_SAMPLING))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo("temperature");
                    assertThat(e.getMessage()).contains("anthropic/claude-opus-5-5").contains("sampling");
                });
        assertThat(new DroppedParams("drop").apply(req, model, DroppedParams.ALL_SAMPLING).dropped())
                .containsExactly("temperature");
        assertThatThrownBy(() -> new DroppedParams("maybe")).hasMessageContaining("opengateway.dropped-params");
    }

    @Test
    void a_built_in_tool_without_a_counterpart_is_left_out_and_named_or_under_refuse_a_400() throws Exception {
        var model = Catalog.of("file:routes/catalog/*.yaml").find("anthropic/claude-opus-5-5");
        var req = new ChatRequestParser(null).parse(new ObjectMapper().readTree(
                "{\"model\":\"anthropic/claude-opus-5-5\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"));
        var none = new DroppedParams.Result(req, java.util.List.of());

        assertThat(new DroppedParams("drop").leaveOut(none, java.util.List.of("file_search", "web_search"), model)
                .dropped()).containsExactly("file_search", "web_search");
        assertThatThrownBy(() -> new DroppedParams("refuse").leaveOut(none, java.util.List.of("web_search"), model))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo("web_search");
                    assertThat(e.getMessage()).contains("anthropic/claude-opus-5-5");
                });
    }
}
