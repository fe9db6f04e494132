package io.opengateway.dialect.gemini;

import org.junit.jupiter.api.Test;

import io.opengateway.model.ToolCallIds;

import static io.opengateway.dialect.gemini.GeminiFixtures.JSON;
import static org.assertj.core.api.Assertions.assertThat;

class ThoughtSignaturesTest {

    private static final String MODEL = "google/gemini-4-argon";
    private static final String SIG = "YfuCJtrPSNxnzZZ4RDQAWpp2ydNOxIYNwUXxSYy4trVbjMU8sQXCgxQ/p8LH46VwTVmvUkBkq+9xf5XzEw==";

    @Test
    void a_tool_call_id_carries_the_signature_in_characters_any_client_keeps() {
        String id = ThoughtSignatures.toolCallId(SIG, MODEL);

        assertThat(id).matches("call_[A-Za-z0-9]{24}_ts_[A-Za-z0-9_-]+");
        assertThat(ThoughtSignatures.fromId(id)).isEqualTo(SIG);
    }

    @Test
    void signatures_of_every_padding_length_come_back_exactly() {
        for (String sig : new String[] {"zIoXq0ytZ5y7CkLJ", "zIoXq0ytZ5y7CkLJlg==", "zIoXq0ytZ5y7CkLJlNa=", "a+/b"}) {
            assertThat(ThoughtSignatures.fromId(ThoughtSignatures.toolCallId(sig, MODEL))).isEqualTo(sig);
        }
    }

    @Test
    void ids_are_unique_and_plain_without_a_signature() {
        String a = ThoughtSignatures.toolCallId(null, MODEL);
        String b = ThoughtSignatures.toolCallId(null, MODEL);

        assertThat(a).matches("call_[A-Za-z0-9]{24}").isNotEqualTo(b);
        assertThat(ThoughtSignatures.fromId(a)).isNull();
    }

    @Test
    void ids_made_elsewhere_carry_no_signature() {
        assertThat(ThoughtSignatures.fromId("call_abc123")).isNull();
        assertThat(ThoughtSignatures.fromId("toolu_01A09q90qw90lq917835lq9")).isNull();
        assertThat(ThoughtSignatures.fromId("call_Zq3fK8mP2xW9rT4vB7nL1sY_ts_abc")).isNull();
        assertThat(ThoughtSignatures.fromId(null)).isNull();
    }

    @Test
    void a_signature_that_is_not_base64_stays_out_of_the_id() {
        assertThat(ThoughtSignatures.toolCallId("not base64!", MODEL)).matches("call_[A-Za-z0-9]{24}");
    }

    @Test
    void the_extra_field_wins_over_the_id() throws Exception {
        String id = ThoughtSignatures.toolCallId("b3RoZXI=", MODEL);
        var call = JSON.readTree("{\"id\":\"" + id + "\",\"extra_content\":{\"google\":{\"thought_signature\":\""
                + SIG + "\"}}}");

        assertThat(ThoughtSignatures.fromToolCall(call, id, MODEL)).isEqualTo(SIG);
        assertThat(ThoughtSignatures.fromToolCall(JSON.readTree("{}"), id, MODEL)).isEqualTo("b3RoZXI=");
    }

    @Test
    void other_providers_get_a_signed_id_as_its_stable_prefix_and_other_ids_unchanged() {
        String id = ThoughtSignatures.toolCallId(SIG, MODEL);
        String portable = ToolCallIds.portable(id);

        assertThat(portable).matches("call_[A-Za-z0-9]{24}").hasSizeLessThanOrEqualTo(40);
        assertThat(id).startsWith(portable + "_ts_");
        assertThat(ToolCallIds.carriesSignature(id)).isTrue();
        assertThat(ToolCallIds.carriesSignature(portable)).isFalse();
        String plain = ThoughtSignatures.toolCallId(null, MODEL);
        assertThat(ToolCallIds.portable(plain)).isEqualTo(plain);
        assertThat(ToolCallIds.portable("toolu_01A09q90qw90lq917835lq9")).isEqualTo("toolu_01A09q90qw90lq917835lq9");
        assertThat(ToolCallIds.portable(null)).isNull();
    }

    @Test
    void a_signature_goes_back_only_to_the_model_that_made_it() throws Exception {
        String id = ThoughtSignatures.toolCallId(SIG, MODEL);
        var call = JSON.readTree("{\"id\":\"" + id + "\",\"extra_content\":{\"google\":{\"thought_signature\":\""
                + SIG + "\"}}}");

        assertThat(ThoughtSignatures.fromToolCall(call, id, MODEL)).isEqualTo(SIG);
        assertThat(ThoughtSignatures.fromToolCall(call, id, "google/gemini-3.8-flash")).isNull();
        assertThat(ThoughtSignatures.fromToolCall(null, id, "google/gemini-3.8-flash")).isNull();
        // an id made elsewhere says nothing of its model: its extra field goes as the client sent it
        var foreign = JSON.readTree("{\"id\":\"fc-1\",\"extra_content\":{\"google\":{\"thought_signature\":\""
                + SIG + "\"}}}");
        assertThat(ThoughtSignatures.fromToolCall(foreign, "fc-1", "google/gemini-3.8-flash")).isEqualTo(SIG);
    }
}
