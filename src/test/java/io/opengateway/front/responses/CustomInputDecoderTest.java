package io.opengateway.front.responses;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CustomInputDecoderTest {

    @Test
    void decodes_the_input_as_far_as_it_has_arrived_holding_back_a_split_escape() {
        CustomInputDecoder d = new CustomInputDecoder();

        assertThat(d.feed("{\"inp")).isEmpty();
        assertThat(d.feed("ut\" : \"line 1\\")).isEqualTo("line 1");
        assertThat(d.feed("nline \\u00")).isEqualTo("\nline ");
        assertThat(d.feed("e9 \\\"q\\\"\"}")).isEqualTo("é \"q\"");
        assertThat(d.feed(" trailing")).isEmpty();
        assertThat(d.arguments()).isEqualTo("{\"input\" : \"line 1\\nline \\u00e9 \\\"q\\\"\"} trailing");
    }

    @Test
    void field_names_of_a_refusal_are_the_ones_a_responses_client_sent() {
        assertThat(ResponsesFieldNames.rename("'reasoning_effort' and 'max_tokens' in 'messages[2].content[0]'",
                java.util.List.of("instructions", "input[0]", "input[4]")))
                .isEqualTo("'reasoning.effort' and 'max_output_tokens' in 'input[4].content[0]'");
    }
}
