package io.opengateway.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Which route files and catalog the gateway reads: the configured folders, or the packaged set when none exists. */
class RouteFilesTest {

    @TempDir
    Path dir;

    private static RouteFiles files(String routes, String catalog) {
        return new RouteFiles(routes, new GatewayProperties(Map.of(), null, null, null, null, catalog));
    }

    @Test
    void the_folders_are_the_paths_before_the_wildcards() {
        assertThat(RouteFiles.folders("file:routes/*.yaml, file:routes/catalog/*.yaml,file:routes/*.yaml"))
                .containsExactly(Path.of("routes").toAbsolutePath(), Path.of("routes", "catalog").toAbsolutePath());
        assertThat(RouteFiles.folders("file:///etc/gateway/**/*.yaml,file:*.yaml"))
                .containsExactly(Path.of("/etc/gateway"), Path.of("").toAbsolutePath());
    }

    @Test
    void a_set_that_names_packaged_files_never_falls_back() {
        assertThat(RouteFiles.folders("classpath:opengateway/routes/*.yaml,file:" + dir.resolve("none") + "/*.yaml")).isEmpty();
        RouteFiles files = files("classpath:opengateway/routes/*.yaml,file:" + dir.resolve("none") + "/*.yaml",
                "file:" + dir.resolve("none") + "/catalog/*.yaml");
        assertThat(files.routes()).startsWith("classpath:opengateway/routes/*.yaml,file:");
    }

    @Test
    void without_any_configured_folder_the_packaged_set_is_read() {
        RouteFiles files = files("file:" + dir.resolve("routes") + "/*.yaml", "file:" + dir.resolve("routes/catalog") + "/*.yaml");

        assertThat(files.routes()).isEqualTo(RouteFiles.PACKAGED_ROUTES);
        assertThat(files.catalog()).isEqualTo(RouteFiles.PACKAGED_CATALOG);
    }

    @Test
    void a_configured_folder_that_exists_is_read_even_when_another_is_missing() throws Exception {
        Files.createDirectories(dir.resolve("routes"));
        String routes = "file:" + dir.resolve("routes") + "/*.yaml";
        String catalog = "file:" + dir.resolve("routes/catalog") + "/*.yaml";

        RouteFiles files = files(routes, catalog);

        assertThat(files.routes()).isEqualTo(routes);
        assertThat(files.catalog()).as("its loader then stops the start: the catalog is empty").isEqualTo(catalog);
    }
}
