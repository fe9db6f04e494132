package io.opengateway;

import java.time.Instant;
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

    private JsonNode model(String id) throws Exception {
        var r = get("/v1/models/" + id, null);
        assertThat(r.statusCode()).isEqualTo(200);
        return json(r.body());
    }

    @Test
    void shows_the_prices_in_force_now_and_the_next_dated_change() throws Exception {
        clock.pin(Instant.parse("2026-11-15T00:00:00Z"));
        JsonNode argon = model("google/gemini-4-argon");
        assertThat(argon.path("pricing").path("input_per_mtok").asText()).isEqualTo("2.00");
        assertThat(argon.path("pricing").path("price_version").asText()).isEqualTo("undated");
        assertThat(argon.path("next_price_change").path("effective_from").asText()).isEqualTo("2026-12-01");
        assertThat(argon.path("next_price_change").path("input_per_mtok").asText()).isEqualTo("4.00");

        clock.pin(Instant.parse("2026-12-07T00:00:00Z"));
        argon = model("google/gemini-4-argon");
        assertThat(argon.path("pricing").path("input_per_mtok").asText()).isEqualTo("4.00");
        assertThat(argon.path("pricing").path("price_version").asText()).isEqualTo("2026-12-01");
        assertThat(argon.has("next_price_change")).as("no change known after this one").isFalse();
        JsonNode flash = model("google/gemini-3.8-flash");
        assertThat(flash.path("next_price_change").path("effective_from").asText()).isEqualTo("2027-01-01");
        assertThat(flash.path("next_price_change").path("output_per_mtok").asText()).isEqualTo("7.50");
    }

    @Test
    void shows_tiers_with_their_prices_and_service_tiers_and_regions_as_the_catalog_writes_them() throws Exception {
        JsonNode haiku = model("anthropic/claude-haiku-5-5").path("pricing");
        assertThat(haiku.path("cache_write_per_mtok").asText()).isEqualTo("0.125");
        assertThat(haiku.path("cache_write_1h_per_mtok").asText()).isEqualTo("0.20");
        JsonNode tier = haiku.path("tiers").get(0);
        assertThat(tier.path("name").asText()).isEqualTo("over_100k");
        assertThat(tier.path("above_prompt_tokens").asLong()).isEqualTo(100000);
        assertThat(tier.path("input_per_mtok").asText()).isEqualTo("0.50");

        JsonNode sol = model("openai/gpt-6-sol").path("pricing");
        assertThat(sol.path("tiers").get(0).path("output_per_mtok").asText()).as("10 × 1.5").isEqualTo("15.000");
        assertThat(sol.path("service_tiers").path("flex").path("multiplier").asText()).isEqualTo("0.5");

        JsonNode opus = model("anthropic/claude-opus-5-5").path("pricing");
        assertThat(opus.path("service_tiers").path("fast").path("multiplier").asText()).isEqualTo("2");
        assertThat(opus.path("inference_geo").path("us").path("multiplier").asText()).isEqualTo("1.1");
    }

    @Test
    void a_model_without_a_price_is_listed_with_null_pricing() throws Exception {
        JsonNode free = model("flaky/model-unpriced");
        assertThat(free.has("pricing")).isTrue();
        assertThat(free.get("pricing").isNull()).isTrue();
    }
}
