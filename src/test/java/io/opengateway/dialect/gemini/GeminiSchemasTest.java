package io.opengateway.dialect.gemini;

import org.junit.jupiter.api.Test;

import io.opengateway.error.GatewayException;

import static io.opengateway.dialect.gemini.GeminiFixtures.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GeminiSchemasTest {

    private static com.fasterxml.jackson.databind.node.ObjectNode clean(String schema) throws Exception {
        return GeminiSchemas.clean(JSON.readTree(schema), "tools[0].function.parameters");
    }

    @Test
    void drops_keywords_gemini_does_not_know_and_keeps_the_rest() throws Exception {
        var out = clean("{\"type\":\"object\",\"$schema\":\"x\",\"strict\":true,\"additionalProperties\":false,"
                + "\"properties\":{\"n\":{\"type\":\"number\",\"multipleOf\":2,\"format\":\"double\",\"minimum\":0,"
                + "\"description\":\"d\",\"examples\":[1]}}}");

        assertThat(out).isEqualTo(JSON.readTree("{\"type\":\"OBJECT\",\"properties\":{\"n\":{\"type\":\"NUMBER\","
                + "\"format\":\"double\",\"minimum\":0,\"description\":\"d\"}}}"));
    }

    @Test
    void inlines_definitions_used_more_than_once() throws Exception {
        var out = clean("{\"type\":\"object\",\"properties\":{\"from\":{\"$ref\":\"#/definitions/p\"},"
                + "\"to\":{\"$ref\":\"#/definitions/p\"}},\"definitions\":{\"p\":{\"type\":\"string\"}}}");

        assertThat(out.path("properties").path("from")).isEqualTo(JSON.readTree("{\"type\":\"STRING\"}"));
        assertThat(out.path("properties").path("to")).isEqualTo(JSON.readTree("{\"type\":\"STRING\"}"));
        assertThat(out.has("definitions")).isFalse();
    }

    @Test
    void a_recursive_schema_is_a_400_naming_the_parameter() {
        assertThatThrownBy(() -> clean("{\"$ref\":\"#/$defs/node\",\"$defs\":{\"node\":{\"type\":\"object\","
                + "\"properties\":{\"next\":{\"$ref\":\"#/$defs/node\"}}}}}"))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo("tools[0].function.parameters");
                    assertThat(e.getMessage()).contains("recursive").contains("google");
                });
    }

    @Test
    void a_ref_outside_the_definitions_is_a_400() {
        assertThatThrownBy(() -> clean("{\"$ref\":\"https://example.com/schema.json\"}"))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void a_schema_that_explodes_when_inlined_is_refused() {
        StringBuilder defs = new StringBuilder("{\"$ref\":\"#/$defs/d0\",\"$defs\":{");
        for (int i = 0; i < 16; i++) {
            defs.append("\"d").append(i).append("\":{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/$defs/d")
                    .append(i + 1).append("\"},\"b\":{\"$ref\":\"#/$defs/d").append(i + 1).append("\"}}},");
        }
        defs.append("\"d16\":{\"type\":\"string\"}}}");

        assertThatThrownBy(() -> clean(defs.toString()))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void alternatives_become_any_of_and_null_becomes_nullable() throws Exception {
        var out = clean("{\"oneOf\":[{\"type\":\"string\"},{\"type\":\"integer\"},{\"type\":\"null\"}]}");

        assertThat(out).isEqualTo(JSON.readTree("{\"nullable\":true,\"anyOf\":[{\"type\":\"STRING\"},"
                + "{\"type\":\"INTEGER\"}]}"));
        assertThat(clean("{\"type\":[\"string\",\"boolean\"]}")).isEqualTo(JSON.readTree(
                "{\"anyOf\":[{\"type\":\"STRING\"},{\"type\":\"BOOLEAN\"}]}"));
    }

    @Test
    void all_of_merges_properties_and_required() throws Exception {
        var out = clean("{\"allOf\":[{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},"
                + "\"required\":[\"a\"]},{\"properties\":{\"b\":{\"type\":\"integer\"}},\"required\":[\"b\"]}]}");

        assertThat(out).isEqualTo(JSON.readTree("{\"type\":\"OBJECT\",\"properties\":{\"a\":{\"type\":\"STRING\"},"
                + "\"b\":{\"type\":\"INTEGER\"}},\"required\":[\"a\",\"b\"]}"));
    }

    @Test
    void enums_are_strings_or_left_out() throws Exception {
        assertThat(clean("{\"type\":\"integer\",\"enum\":[1,2]}")).isEqualTo(JSON.readTree("{\"type\":\"INTEGER\"}"));
        assertThat(clean("{\"const\":\"x\"}")).isEqualTo(JSON.readTree("{\"enum\":[\"x\"],\"type\":\"STRING\"}"));
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode declaration(String schema) throws Exception {
        var d = JSON.createObjectNode();
        GeminiSchemas.parameters(JSON.readTree(schema), "tools[0].function.parameters", true, d);
        return d;
    }

    @Test
    void a_top_level_object_of_any_keys_goes_as_json_schema_not_as_a_function_without_arguments() throws Exception {
        String map = "{\"type\":\"object\",\"additionalProperties\":{\"type\":\"number\"},\"description\":\"d\"}";

        var d = declaration(map);

        assertThat(d.has("parameters")).isFalse();
        assertThat(d.path("parametersJsonSchema")).isEqualTo(JSON.readTree(map));
        String pattern = "\"type\":\"object\",\"patternProperties\":{\"^a\":{}}}";
        assertThat(declaration("{\"$schema\":\"x\"," + pattern).path("parametersJsonSchema"))
                .isEqualTo(JSON.readTree("{" + pattern));
    }

    @Test
    void a_nested_object_of_any_keys_sends_the_whole_schema_as_json_schema() throws Exception {
        String schema = "{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"},\"labels\":"
                + "{\"$ref\":\"#/$defs/labels\"}},\"$defs\":{\"labels\":{\"type\":\"object\","
                + "\"additionalProperties\":true}}}";

        assertThat(declaration(schema).path("parametersJsonSchema")).isEqualTo(JSON.readTree(schema));
    }

    @Test
    void objects_that_name_their_keys_or_take_none_keep_geminis_form() throws Exception {
        assertThat(declaration("{\"type\":\"object\",\"properties\":{}}")).isEmpty();
        assertThat(declaration("{\"type\":\"object\",\"additionalProperties\":false}")).isEmpty();
        assertThat(declaration("{\"type\":\"object\",\"additionalProperties\":true,\"properties\":{\"a\":"
                + "{\"type\":\"string\"}}}")).isEqualTo(JSON.readTree("{\"parameters\":{\"type\":\"OBJECT\","
                + "\"properties\":{\"a\":{\"type\":\"STRING\"}}}}"));
    }
}
