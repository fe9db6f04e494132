package io.opengateway.routing;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderRouteCheckTest {

    @TempDir
    Path routes;

    private ProviderRouteCheck check(MockEnvironment env) {
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerSingleton("openaiRequestMapper", new Object());
        env.setProperty("opengateway.routes", "file:" + routes + "/*.yaml");
        return new ProviderRouteCheck(env, beans);
    }

    private void write(String file, String name, String dialect) throws Exception {
        write(file, name, dialect, "\n    routeId: provider-" + name);
    }

    /** {@code routeIdLine}: the route id field as written in the file, or "" for none. */
    private void write(String file, String name, String dialect, String routeIdLine) throws Exception {
        Files.writeString(routes.resolve(file), "- templatedRoute:\n    routeTemplateRef: provider" + routeIdLine
                + "\n    parameters:\n      - { name: name, value: " + name + " }\n      - { name: dialect, value: "
                + dialect + " }\n");
    }

    private static MockEnvironment withBaseUrl(String name) {
        return new MockEnvironment().withProperty("opengateway.providers." + name + ".base-url", "https://api.acme.test/v1");
    }

    @Test
    void a_missing_or_mistyped_route_id_stops_the_start_naming_the_file_and_the_field() throws Exception {
        write("provider-acme.yaml", "acme", "openai", "");
        assertThatThrownBy(() -> check(withBaseUrl("acme")).afterPropertiesSet())
                .hasMessageContaining("provider-acme.yaml").hasMessageContaining("'routeId'")
                .hasMessageContaining("'provider-acme'").hasMessageContaining("got none");

        write("provider-acme.yaml", "acme", "openai", "\n    routeId: acme");
        assertThatThrownBy(() -> check(withBaseUrl("acme")).afterPropertiesSet())
                .hasMessageContaining("provider-acme.yaml").hasMessageContaining("'routeId'").hasMessageContaining("got 'acme'");
    }

    @Test
    void a_name_that_environment_variables_cannot_configure_is_refused() throws Exception {
        for (String name : new String[] {"together-ai", "together_ai", "Groq", "1ai"}) {
            write("provider-x.yaml", name, "openai");
            assertThatThrownBy(() -> check(withBaseUrl(name)).afterPropertiesSet()).as(name)
                    .hasMessageContaining("provider-x.yaml").hasMessageContaining("'name'")
                    .hasMessageContaining("lower-case letters and digits").hasMessageContaining("'" + name + "'");
        }
        write("provider-x.yaml", "together2", "openai");
        assertThatCode(() -> check(withBaseUrl("together2")).afterPropertiesSet()).doesNotThrowAnyException();
    }

    @Test
    void a_provider_without_a_base_url_stops_the_start_naming_the_file_and_the_property() throws Exception {
        write("provider-acme.yaml", "acme", "openai");

        assertThatThrownBy(() -> check(new MockEnvironment()).afterPropertiesSet())
                .hasMessageContaining("provider-acme.yaml")
                .hasMessageContaining("opengateway.providers.acme.base-url")
                .hasMessageContaining("OPENGATEWAY_PROVIDERS_ACME_BASE_URL");
    }

    @Test
    void a_malformed_base_url_or_an_unknown_dialect_is_named() throws Exception {
        write("provider-acme.yaml", "acme", "openai");
        MockEnvironment env = new MockEnvironment().withProperty("opengateway.providers.acme.base-url", "api.acme.test/v1");
        assertThatThrownBy(() -> check(env).afterPropertiesSet()).hasMessageContaining("must be an http(s) URL");

        write("provider-acme.yaml", "acme", "cohere");
        env.setProperty("opengateway.providers.acme.base-url", "https://api.acme.test/v1");
        assertThatThrownBy(() -> check(env).afterPropertiesSet())
                .hasMessageContaining("provider-acme.yaml").hasMessageContaining("'dialect'").hasMessageContaining("cohere");
    }

    @Test
    void a_complete_provider_passes_and_its_route_is_found() throws Exception {
        write("provider-acme.yaml", "acme", "openai");
        MockEnvironment env = new MockEnvironment().withProperty("opengateway.providers.acme.base-url", "https://api.acme.test/v1");

        assertThatCode(() -> check(env).afterPropertiesSet()).doesNotThrowAnyException();
        assertThat(ProviderRouteCheck.find("file:" + routes + "/*.yaml"))
                .containsExactly(new ProviderRouteCheck.ProviderRoute("provider-acme.yaml", "acme", "openai", "provider-acme"));
    }

    @Test
    void the_shipped_routes_and_examples_are_well_formed() throws Exception {
        assertThat(ProviderRouteCheck.find("file:routes/*.yaml")).extracting(ProviderRouteCheck.ProviderRoute::name)
                .containsExactlyInAnyOrder("openai", "anthropic", "google");
        assertThat(ProviderRouteCheck.find("file:routes/examples/*.yaml")).extracting(ProviderRouteCheck.ProviderRoute::dialect)
                .containsOnly("openai").hasSize(3);
        assertThat(ProviderRouteCheck.find("file:routes/*.yaml,file:routes/examples/*.yaml"))
                .allSatisfy(p -> assertThat(p.routeId()).isEqualTo("provider-" + p.name()));
    }
}
