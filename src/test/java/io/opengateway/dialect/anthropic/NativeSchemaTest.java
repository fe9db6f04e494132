package io.opengateway.dialect.anthropic;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.opengateway.dialect.anthropic.AnthropicFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Which JSON schemas go to Anthropic's native structured output, and which to the answer tool. */
class NativeSchemaTest {

    private static final String CLOSED = "\"additionalProperties\":false";

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"required\":[\"a\"]," + CLOSED + "}",
            "{\"type\":\"object\",\"properties\":{\"tags\":{\"type\":\"array\",\"minItems\":1,\"items\":{\"type\":\"string\","
                    + "\"enum\":[\"x\",\"y\"]}},\"when\":{\"type\":\"string\",\"format\":\"date-time\",\"description\":\"d\"},"
                    + "\"kind\":{\"const\":\"event\"},\"at\":{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"null\"}]},"
                    + "\"place\":{\"$ref\":\"#/$defs/place\"}}," + CLOSED + ",\"$defs\":{\"place\":{\"type\":\"object\","
                    + "\"properties\":{\"label\":{\"type\":\"string\",\"default\":\"home\"}}," + CLOSED + "}}}"})
    void takes_a_closed_schema_of_supported_keywords(String schema) {
        assertThat(NativeSchema.accepts(json(schema))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // an object left open, at the top or nested: native output answers 400
            "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}",
            "{\"type\":\"object\",\"properties\":{\"p\":{\"type\":\"object\",\"properties\":{}}}," + CLOSED + "}",
            "{\"type\":\"object\",\"properties\":{}," + "\"additionalProperties\":{\"type\":\"string\"}}",
            // constraints and keywords it does not support
            "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\",\"minimum\":1}}," + CLOSED + "}",
            "{\"type\":\"object\",\"properties\":{\"s\":{\"type\":\"string\",\"pattern\":\"^a\"}}," + CLOSED + "}",
            "{\"type\":\"object\",\"properties\":{\"s\":{\"type\":\"string\",\"format\":\"credit-card\"}}," + CLOSED + "}",
            "{\"type\":\"object\",\"properties\":{\"l\":{\"type\":\"array\",\"minItems\":2}}," + CLOSED + "}",
            "{\"type\":\"object\",\"properties\":{\"u\":{\"oneOf\":[{\"type\":\"string\"},{\"type\":\"null\"}]}}," + CLOSED + "}",
            "{\"type\":\"object\",\"properties\":{\"t\":{\"type\":[\"string\",\"null\"]}}," + CLOSED + "}",
            "{\"type\":\"object\",\"properties\":{\"e\":{\"enum\":[{\"a\":1}]}}," + CLOSED + "}",
            // references: outside the schema, dangling, or recursive
            "{\"type\":\"object\",\"properties\":{\"r\":{\"$ref\":\"https://example.com/s.json\"}}," + CLOSED + "}",
            "{\"type\":\"object\",\"properties\":{\"r\":{\"$ref\":\"#/$defs/missing\"}}," + CLOSED + "}",
            "{\"type\":\"object\",\"properties\":{\"kids\":{\"type\":\"array\",\"items\":{\"$ref\":\"#\"}}}," + CLOSED + "}",
            "{\"type\":\"object\",\"properties\":{\"n\":{\"$ref\":\"#/$defs/node\"}}," + CLOSED + ",\"$defs\":{\"node\":"
                    + "{\"type\":\"object\",\"properties\":{\"next\":{\"$ref\":\"#/$defs/node\"}}," + CLOSED + "}}}",
            // a root that is not an object
            "{\"type\":\"array\",\"items\":{\"type\":\"string\"}}"})
    void sends_any_other_schema_the_tool_way(String schema) {
        assertThat(NativeSchema.accepts(json(schema))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {24, 25})
    void takes_at_most_24_optional_properties(int count) {
        StringBuilder props = new StringBuilder();
        for (int i = 0; i < count; i++) {
            props.append(i == 0 ? "" : ",").append("\"p").append(i).append("\":{\"type\":\"string\"}");
        }
        String schema = "{\"type\":\"object\",\"properties\":{" + props + "}," + CLOSED + "}";

        assertThat(NativeSchema.accepts(json(schema))).isEqualTo(count <= 24);
    }
}
