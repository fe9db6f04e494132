package io.opengateway.catalog;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogTest {

    private static JsonNode yaml(String s) throws Exception {
        return new ObjectMapper(new YAMLFactory()).readTree(s);
    }

    @Test
    void the_shipped_catalog_loads_with_exact_decimal_prices() throws Exception {
        Catalog catalog = new Catalog(Catalog.load("file:routes/catalog/*.yaml"));
        CatalogEntry sonnet = catalog.find("anthropic/claude-sonnet-4-5");
        assertThat(sonnet.pricing().inputPerMtok()).isEqualByComparingTo(new BigDecimal("3.00"));
        assertThat(sonnet.pricing().cacheWrite()).isEqualByComparingTo(new BigDecimal("3.75"));
        assertThat(sonnet.upstreamModel()).isEqualTo("claude-sonnet-4-5");
        assertThat(catalog.find("google/gemini-2.5-flash").pricing().cacheWrite())
                .as("a missing cache price means the input price").isEqualByComparingTo(new BigDecimal("0.30"));
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
        assertThat(e.pricing().inputPerMtok()).isEqualTo(new BigDecimal("0.12345678901234567891"));
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
}
