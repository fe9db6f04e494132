package io.opengateway.dialect.gemini;

import org.junit.jupiter.api.Test;

import io.opengateway.model.FinishReason;

import static org.assertj.core.api.Assertions.assertThat;

class GeminiFinishReasonsTest {

    @Test
    void stop_is_tool_calls_when_the_answer_holds_function_calls() {
        assertThat(GeminiFinishReasons.map("STOP", false)).isEqualTo(FinishReason.STOP);
        assertThat(GeminiFinishReasons.map("STOP", true)).isEqualTo(FinishReason.TOOL_CALLS);
    }

    @Test
    void max_tokens_is_length() {
        assertThat(GeminiFinishReasons.map("MAX_TOKENS", false)).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void every_filter_reason_is_content_filter() {
        for (String r : new String[] {"SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII",
                "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION"}) {
            assertThat(GeminiFinishReasons.map(r, true)).as(r).isEqualTo(FinishReason.CONTENT_FILTER);
        }
    }

    @Test
    void other_and_unknown_reasons_are_a_plain_stop() {
        for (String r : new String[] {"OTHER", "LANGUAGE", "MALFORMED_FUNCTION_CALL", "FINISH_REASON_UNSPECIFIED",
                "SOMETHING_NEW"}) {
            assertThat(GeminiFinishReasons.map(r, false)).as(r).isEqualTo(FinishReason.STOP);
        }
        assertThat(GeminiFinishReasons.map(null, false)).isNull();
    }
}
