package io.opengateway;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.opengateway.catalog.Catalog;
import io.opengateway.catalog.CatalogEntry;
import io.opengateway.support.FakeUpstream;
import io.opengateway.support.GatewayProcess;
import io.opengateway.support.GatewayProcessTestBase;

import static io.opengateway.support.FakeUpstream.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The gateway started in a folder that has no {@code routes/} (a downloaded jar run from anywhere)
 * runs on the route files and catalog packaged in it, and says so once; a {@code routes/} folder
 * that exists but holds a broken file still stops the start. A separate JVM, as the working folder
 * is the point; its class path is this one's, where the packaged files sit as they do in the jar.
 */
class PackagedRoutesProcessTest extends GatewayProcessTestBase {

    private static final String PACKAGED = "Routes and catalog: the files packaged in the jar";

    @Test
    void started_where_there_is_no_routes_folder_it_serves_the_packaged_routes_and_catalog() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        gateway = new GatewayProcess(dir, openai).workingDir(elsewhere).start();

        List<String> served = new ArrayList<>();
        JSON.readTree(gateway.get("/v1/models", null).body()).path("data").forEach(m -> served.add(m.path("id").asText()));
        assertThat(served).containsExactlyInAnyOrderElementsOf(
                Catalog.of("file:routes/catalog/*.yaml").all().stream().map(CatalogEntry::id).toList());

        openai.enqueue(FakeUpstream.json(200, fixture("openai/chat-completion.json")));
        String key = createKey("anywhere", "ci").path("key").asText();
        var chat = gateway.post("/v1/chat/completions",
                "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", key);
        assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);

        assertThat(gateway.log().lines().filter(l -> l.contains(PACKAGED)))
                .as(gateway.log()).singleElement().asString().contains(elsewhere.resolve("routes").toString());
    }

    @Test
    void a_routes_folder_that_exists_but_holds_a_broken_file_still_stops_the_start() throws Exception {
        Path routes = copyOfTheProjectRoutes(dir.resolve("operator"));
        Files.writeString(routes.resolve("provider-acme.yaml"), "- templatedRoute:\n    routeTemplateRef: provider\n  routeId: [\n");
        gateway = new GatewayProcess(dir, openai).workingDir(routes.getParent());

        assertThatThrownBy(gateway::start).hasMessageContaining("exited at start-up").hasMessageContaining("provider-acme.yaml");
        assertThat(gateway.log()).doesNotContain(PACKAGED);
    }

    private static Path copyOfTheProjectRoutes(Path target) throws Exception {
        for (String folder : new String[] {"routes", "routes/catalog"}) {
            Path to = Files.createDirectories(target.resolve(folder));
            try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of(folder), "*.yaml")) {
                for (Path f : files) {
                    Files.copy(f, to.resolve(f.getFileName()));
                }
            }
        }
        return target.resolve("routes");
    }
}
