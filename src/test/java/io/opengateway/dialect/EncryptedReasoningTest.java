package io.opengateway.dialect;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import io.opengateway.model.SignedReasoning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EncryptedReasoningTest {

    @Test
    void reasoning_state_comes_back_exactly_naming_who_made_it() {
        List<SignedReasoning> pieces = List.of(SignedReasoning.thinking("Let me think.\n\"ok\"", "EuYB+/=="),
                SignedReasoning.redacted("cmVkYWN0ZWQ="),
                SignedReasoning.callSignature("call_abcdefghijklmnopqrstuvwx", "YfuC/Q=="));

        String value = EncryptedReasoning.encode("anthropic", "anthropic/claude-haiku-4-5", pieces);

        assertThat(value).startsWith(EncryptedReasoning.PREFIX);
        assertThat(EncryptedReasoning.isGateways(value)).isTrue();
        assertThat(EncryptedReasoning.decode(value)).containsExactly(
                pieces.get(0).madeBy("anthropic", "anthropic/claude-haiku-4-5"),
                pieces.get(1).madeBy("anthropic", "anthropic/claude-haiku-4-5"),
                pieces.get(2).madeBy("anthropic", "anthropic/claude-haiku-4-5"));
    }

    @Test
    void an_altered_value_is_refused_and_another_providers_is_not_the_gateways() {
        String value = EncryptedReasoning.encode("google", "google/gemini-3.1-pro-preview",
                List.of(SignedReasoning.callSignature("call_x", "c2ln")));
        String altered = value.substring(0, 10) + (value.charAt(10) == 'A' ? 'B' : 'A') + value.substring(11);

        assertThatThrownBy(() -> EncryptedReasoning.decode(altered)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EncryptedReasoning.decode(EncryptedReasoning.PREFIX + "garbage"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(EncryptedReasoning.isGateways("gAAAAABo-openai")).isFalse();
    }

    @Test
    void openai_gets_no_reasoning_item_of_the_gateways_and_short_call_ids() throws Exception {
        String ours = EncryptedReasoning.encode("anthropic", "anthropic/x", List.of(SignedReasoning.redacted("d")));
        ObjectNode body = (ObjectNode) new ObjectMapper().readTree("""
                {"input": [{"type": "reasoning", "encrypted_content": "%s"},
                  {"type": "function_call", "call_id": "call_abcdefghijklmnopqrstuvwx_ts_c2ln", "name": "f", "arguments": "{}"},
                  {"type": "reasoning", "encrypted_content": "gAAAA-openai"}]}""".formatted(ours));

        EncryptedReasoning.forOpenAi(body);

        assertThat(body.path("input")).hasSize(2);
        assertThat(body.path("input").get(0).path("call_id").asText()).isEqualTo("call_abcdefghijklmnopqrstuvwx");
        assertThat(body.path("input").get(1).path("encrypted_content").asText()).isEqualTo("gAAAA-openai");
    }
}
