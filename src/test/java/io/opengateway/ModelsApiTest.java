package io.opengateway;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.models.models.Model;
import org.junit.jupiter.api.Test;

import io.opengateway.support.GatewayTestBase;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /v1/models: the catalog, readable without a key. */
class ModelsApiTest extends GatewayTestBase {

    @Test
    void lists_the_catalog_through_the_openai_client() {
        List<String> ids = new ArrayList<>();
        client().models().list().autoPager().forEach(m -> ids.add(m.id()));

        assertThat(ids).contains("openai/gpt-4o-mini", "openai/gpt-4o");
    }

    @Test
    void lists_prices_as_decimal_strings_without_a_key() throws Exception {
        var r = get("/v1/models", null);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode mini = null;
        for (JsonNode m : json(r.body()).path("data")) {
            if (m.path("id").asText().equals("openai/gpt-4o-mini")) {
                mini = m;
            }
        }
        assertThat(mini).isNotNull();
        assertThat(mini.path("object").asText()).isEqualTo("model");
        assertThat(mini.path("owned_by").asText()).isEqualTo("openai");
        assertThat(mini.path("context_window").asLong()).isEqualTo(128000);
        assertThat(mini.path("pricing").path("input_per_mtok").isTextual()).isTrue();
        assertThat(mini.path("pricing").path("input_per_mtok").asText()).isEqualTo("0.15");
    }

    @Test
    void a_cache_price_the_catalog_leaves_out_is_listed_as_the_input_price() throws Exception {
        // gpt-4o-mini has a cached-input price but no cache-write price; flaky/model-a has neither
        JsonNode mini = json(get("/v1/models/openai/gpt-4o-mini", null).body()).path("pricing");
        assertThat(mini.path("cached_input_per_mtok").asText()).isEqualTo("0.075");
        assertThat(mini.path("cache_write_per_mtok").asText()).isEqualTo("0.15");

        JsonNode flaky = null;
        for (JsonNode m : json(get("/v1/models", null).body()).path("data")) {
            if (m.path("id").asText().equals("flaky/model-a")) {
                flaky = m.path("pricing");
            }
        }
        assertThat(flaky).isNotNull();
        assertThat(flaky.path("cached_input_per_mtok").isTextual()).isTrue();
        assertThat(flaky.path("cached_input_per_mtok").asText()).isEqualTo("1.00");
        assertThat(flaky.path("cache_write_per_mtok").asText()).isEqualTo("1.00");
    }

    @Test
    void gets_one_model_by_id() {
        Model m = client().models().retrieve("openai/gpt-4o");
        assertThat(m.id()).isEqualTo("openai/gpt-4o");
    }

    @Test
    void an_unknown_model_is_404_model_not_found() throws Exception {
        var r = get("/v1/models/openai/gpt-99", null);

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r.body()).path("error").path("code").asText()).isEqualTo("model_not_found");
        assertThat(json(r.body()).path("error").path("param").asText()).isEqualTo("model");
    }
}
