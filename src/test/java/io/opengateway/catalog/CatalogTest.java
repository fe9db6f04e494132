package io.opengateway.catalog;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogTest {

    private static final Instant NOW = Instant.parse("2026-12-07T00:00:00Z");

    private static JsonNode yaml(String s) throws Exception {
        return new ObjectMapper(new YAMLFactory()).readTree(s);
    }

    private static Prices price(CatalogEntry e) {
        return e.pricing().at(NOW).base();
    }

    private static CatalogEntry one(String pricing) throws Exception {
        return Catalog.parse(yaml("models:\n  - id: acme/x\n    context_window: 1000\n    pricing:\n" + pricing),
                "acme.yaml").get(0);
    }

    @Test
    void the_shipped_catalog_loads_with_exact_decimal_prices() throws Exception {
        Catalog catalog = new Catalog(Catalog.load("file:routes/catalog/*.yaml"));
        CatalogEntry sonnet = catalog.find("anthropic/claude-sonnet-4-6");
        assertThat(price(sonnet).input()).isEqualByComparingTo(new BigDecimal("3.00"));
        assertThat(price(sonnet).cacheWrite()).isEqualByComparingTo(new BigDecimal("3.75"));
        assertThat(price(sonnet).cacheWrite1h()).isEqualByComparingTo(new BigDecimal("6.00"));
        assertThat(sonnet.upstreamModel()).isEqualTo("claude-sonnet-4-6");
        assertThat(price(catalog.find("google/gemini-3.8-flash")).cacheWrite())
                .as("a missing cache price means the input price").isEqualByComparingTo(new BigDecimal("0.75"));
        assertThat(catalog.providers()).contains("openai", "anthropic", "google");
    }

    @Test
    void the_example_providers_catalogs_load() throws Exception {
        assertThat(Catalog.load("file:routes/examples/catalog/*.yaml")).extracting(CatalogEntry::provider)
                .contains("groq", "mistral", "vllm");
    }

    @Test
    void a_broken_entry_names_the_file_and_the_field() throws Exception {
        assertThatThrownBy(() -> Catalog.parse(yaml("models:\n  - id: acme/x\n    context_window: 1000\n"
                + "    pricing: { input_per_mtok: \"1.5\", output_per_mtok: \"two\" }\n"), "acme.yaml"))
                .hasMessageContaining("acme.yaml").hasMessageContaining("models[0].pricing.output_per_mtok");
        assertThatThrownBy(() -> Catalog.parse(yaml("models:\n  - id: no-slash\n"), "bad.yaml"))
                .hasMessageContaining("models[0].id");
    }

    @Test
    void a_price_written_as_a_yaml_number_is_refused_with_the_file_and_the_field() throws Exception {
        // unquoted, YAML reads it as a double: 0.12345678901234568, not the price written
        assertThatThrownBy(() -> Catalog.parse(yaml("models:\n  - id: acme/x\n    context_window: 1000\n"
                + "    pricing: { input_per_mtok: \"1.5\", output_per_mtok: 0.12345678901234567891 }\n"), "acme.yaml"))
                .hasMessageContaining("acme.yaml").hasMessageContaining("models[0].pricing.output_per_mtok")
                .hasMessageContaining("in quotes");
        assertThatThrownBy(() -> Catalog.parse(yaml("models:\n  - id: acme/x\n    context_window: 1000\n"
                + "    pricing: { input_per_mtok: 3, output_per_mtok: \"1\" }\n"), "acme.yaml"))
                .as("an integer too: YAML also reads 010 as 8 and 1_000 as 1000")
                .hasMessageContaining("models[0].pricing.input_per_mtok");
    }

    @Test
    void a_quoted_price_keeps_every_decimal() throws Exception {
        CatalogEntry e = Catalog.parse(yaml("models:\n  - id: acme/x\n    context_window: 1000\n"
                + "    pricing: { input_per_mtok: \"0.12345678901234567891\", output_per_mtok: \"1\" }\n"), "acme.yaml")
                .get(0);
        assertThat(price(e).input()).isEqualTo(new BigDecimal("0.12345678901234567891"));
    }

    @Test
    void ids_that_could_escape_a_path_are_refused() throws Exception {
        for (String id : new String[] {"google/x/../../y", "google/./y", "google/", "google/y/"}) {
            assertThatThrownBy(() -> Catalog.parse(yaml("models:\n  - id: \"" + id + "\"\n    context_window: 1\n"
                    + "    pricing: { input_per_mtok: \"1\", output_per_mtok: \"1\" }\n"), "x.yaml"))
                    .as(id).hasMessageContaining(".id");
        }
        assertThat(Catalog.parse(yaml("models:\n  - id: vllm/meta-llama/Llama-3.1-8B-Instruct\n    context_window: 1\n"
                + "    pricing: { input_per_mtok: \"0\", output_per_mtok: \"0\" }\n"), "x.yaml")).hasSize(1);
    }

    @Test
    void every_shipped_model_has_a_price_in_force_today_with_every_cache_price_its_provider_bills() throws Exception {
        for (CatalogEntry e : Catalog.load("file:routes/catalog/*.yaml")) {
            assertThat(e.pricing().at(NOW)).as(e.id()).isNotNull();
        }
        Catalog catalog = new Catalog(Catalog.load("file:routes/catalog/*.yaml"));
        // Anthropic's 1-hour writes are 2x input on every model it lists (pricing page)
        for (CatalogEntry e : catalog.all()) {
            if (e.provider().equals("anthropic")) {
                Prices p = price(e);
                assertThat(p.cacheWrite1h()).as(e.id()).isEqualByComparingTo(p.input().multiply(new BigDecimal("2")));
            }
        }
        assertThat(price(catalog.find("anthropic/claude-opus-5-5")).cachedInput()).isEqualByComparingTo("0.20");
        assertThat(price(catalog.find("anthropic/claude-fable-5-1")).cachedInput()).isEqualByComparingTo("0.25");
        assertThat(price(catalog.find("openai/gpt-6-sol")).cacheWrite()).isEqualByComparingTo("2.50");
    }

    @Test
    void a_tier_replaces_or_multiplies_the_base_prices_above_its_threshold() throws Exception {
        CatalogEntry e = one("""
                      input_per_mtok: "2"
                      output_per_mtok: "10"
                      cached_input_per_mtok: "0.2"
                      tiers:
                        - { above_prompt_tokens: 1000, multiply: { input: "2", output: "1.5" } }
                        - { name: huge, above_prompt_tokens: 5000, input_per_mtok: "9", multiplier: "3" }
                """);
        PriceVersion v = e.pricing().at(NOW);
        assertThat(v.tierFor(1000)).isNull();
        PromptTier t = v.tierFor(1001);
        assertThat(t.name()).isEqualTo("above_1000");
        Prices over = v.prices(t);
        assertThat(over.input()).isEqualByComparingTo("4");
        assertThat(over.output()).isEqualByComparingTo("15");
        assertThat(over.cachedInput()).as("no factor for it: unchanged").isEqualByComparingTo("0.2");
        Prices huge = v.prices(v.tierFor(5001));
        assertThat(huge.input()).as("a written price wins").isEqualByComparingTo("9");
        assertThat(huge.output()).isEqualByComparingTo("30");
        assertThat(huge.cachedInput()).isEqualByComparingTo("0.6");
    }

    @Test
    void dated_versions_apply_from_their_date_and_the_next_one_is_known() throws Exception {
        CatalogEntry e = one("""
                      - { input_per_mtok: "2", output_per_mtok: "10" }
                      - { effective_from: "2026-12-01", input_per_mtok: "4", output_per_mtok: "20" }
                      - { effective_from: "2027-01-01T08:00:00Z", input_per_mtok: "5", output_per_mtok: "25" }
                """);
        Pricing p = e.pricing();
        assertThat(p.at(Instant.parse("2026-11-30T23:59:59.999Z")).base().input()).isEqualByComparingTo("2");
        assertThat(p.at(Instant.parse("2026-12-01T00:00:00Z")).base().input()).isEqualByComparingTo("4");
        assertThat(p.at(Instant.parse("2027-01-01T07:59:59Z")).label()).isEqualTo("2026-12-01");
        assertThat(p.at(Instant.parse("2027-01-01T08:00:00Z")).base().input()).isEqualByComparingTo("5");
        assertThat(p.nextAfter(NOW).label()).isEqualTo("2027-01-01T08:00:00Z");
        assertThat(p.nextAfter(Instant.parse("2027-02-01T00:00:00Z"))).isNull();
    }

    @Test
    void a_model_without_pricing_loads_and_has_no_price() throws Exception {
        CatalogEntry e = Catalog.parse(yaml("models:\n  - id: acme/free\n    context_window: 1000\n"), "acme.yaml").get(0);
        assertThat(e.pricing().isEmpty()).isTrue();
        assertThat(e.pricing().quote(NOW, 10, null, null).missing()).isEqualTo("model");
    }

    @Test
    void pricing_mistakes_stop_the_start_naming_the_file_and_the_field() throws Exception {
        assertThatThrownBy(() -> one("      input_per_mtok: \"1\"\n      output_per_mtok: \"1\"\n"
                + "      cache_write_5m_per_mtok: \"1.25\"\n"))
                .as("a misspelt price would silently be the input price").hasMessageContaining("acme.yaml")
                .hasMessageContaining("models[0].pricing.cache_write_5m_per_mtok").hasMessageContaining("allowed");
        assertThatThrownBy(() -> one("""
                      - { effective_from: "2026-12-01", input_per_mtok: "4", output_per_mtok: "20" }
                      - { effective_from: "2026-11-01", input_per_mtok: "2", output_per_mtok: "10" }
                """)).hasMessageContaining("models[0].pricing[1].effective_from").hasMessageContaining("later");
        assertThatThrownBy(() -> one("""
                      - { input_per_mtok: "4", output_per_mtok: "20" }
                      - { input_per_mtok: "2", output_per_mtok: "10" }
                """)).hasMessageContaining("models[0].pricing[1].effective_from").hasMessageContaining("required");
        assertThatThrownBy(() -> one("      - { effective_from: \"1 Dec 2026\", input_per_mtok: \"4\", output_per_mtok: \"2\" }\n"))
                .hasMessageContaining("pricing[0].effective_from").hasMessageContaining("2026-12-01");
        assertThatThrownBy(() -> one("""
                      input_per_mtok: "2"
                      output_per_mtok: "10"
                      tiers: [ { above_prompt_tokens: 100, multiplier: 2 } ]
                """)).hasMessageContaining("pricing.tiers[0].multiplier").hasMessageContaining("in quotes");
        assertThatThrownBy(() -> one("""
                      input_per_mtok: "2"
                      output_per_mtok: "10"
                      tiers: [ { above_prompt_tokens: 200, multiplier: "2" }, { above_prompt_tokens: 100, multiplier: "3" } ]
                """)).hasMessageContaining("pricing.tiers[1].above_prompt_tokens");
        assertThatThrownBy(() -> one("""
                      input_per_mtok: "2"
                      output_per_mtok: "10"
                      service_tiers: { default: { multiplier: "2" } }
                """)).hasMessageContaining("pricing.service_tiers.default");
        assertThatThrownBy(() -> one("""
                      input_per_mtok: "2"
                      output_per_mtok: "10"
                      service_tiers: { fast: { multiply: { outptu: "2" } } }
                """)).hasMessageContaining("pricing.service_tiers.fast.multiply.outptu");
    }

    @Test
    void retired_models_and_their_aliases_are_known_with_their_replacement_and_are_never_served() throws Exception {
        Catalog catalog = Catalog.of("file:routes/catalog/*.yaml");

        RetiredModel sonnet = catalog.retired("anthropic/claude-sonnet-4-5-20250929").orElseThrow();
        assertThat(sonnet.id()).isEqualTo("anthropic/claude-sonnet-4-5");
        assertThat(sonnet.retiredOn()).isEqualTo(java.time.LocalDate.parse("2026-11-30"));
        assertThat(sonnet.replacement()).isEqualTo("anthropic/claude-sonnet-5-5");
        assertThat(catalog.find("anthropic/claude-sonnet-4-5")).isNull();
        assertThat(catalog.retired("google/gemini-2.5-flash").orElseThrow().replacement())
                .isEqualTo("google/gemini-3.5-flash-lite");
        assertThat(catalog.retired("anthropic/claude-sonnet-5-5")).isEmpty();
    }

    @Test
    void a_deprecated_model_carries_its_shutdown_date_replacement_and_efforts() throws Exception {
        Catalog catalog = Catalog.of("file:routes/catalog/*.yaml");

        CatalogEntry gpt4o = catalog.find("openai/gpt-4o-2024-11-20");
        assertThat(gpt4o.id()).isEqualTo("openai/gpt-4o");
        assertThat(gpt4o.shutdownDate()).isEqualTo(java.time.LocalDate.parse("2027-01-14"));
        assertThat(gpt4o.replacement()).isEqualTo("openai/gpt-6-luna");
        assertThat(gpt4o.efforts()).isEmpty();
        CatalogEntry opus = catalog.find("anthropic/claude-opus-5-5");
        assertThat(opus.shutdownDate()).isNull();
        assertThat(opus.efforts()).containsExactly("low", "medium", "high", "xhigh", "max");
        assertThat(opus.has("thinking_always_on")).isTrue();
    }

    @Test
    void a_retired_model_listed_as_served_or_a_replacement_missing_from_the_catalog_stops_the_start()
            throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("catalog");
        java.nio.file.Files.writeString(dir.resolve("acme.yaml"), "models:\n  - { id: acme/new, context_window: 1 }\n"
                + "retired:\n  - { id: acme/old, retired_on: \"2026-01-01\", replacement: acme/newer }\n");
        assertThatThrownBy(() -> Catalog.of("file:" + dir + "/*.yaml")).hasMessageContaining("acme/newer");

        java.nio.file.Files.writeString(dir.resolve("acme.yaml"), "models:\n  - { id: acme/new, context_window: 1 }\n"
                + "retired:\n  - { id: acme/new, retired_on: \"2026-01-01\" }\n");
        assertThatThrownBy(() -> Catalog.of("file:" + dir + "/*.yaml")).hasMessageContaining("acme/new");

        java.nio.file.Files.writeString(dir.resolve("acme.yaml"), "models:\n  - { id: acme/new, context_window: 1,"
                + " shutdown_date: \"next week\" }\n");
        assertThatThrownBy(() -> Catalog.of("file:" + dir + "/*.yaml")).hasMessageContaining("shutdown_date")
                .hasMessageContaining("YYYY-MM-DD");
    }
}
