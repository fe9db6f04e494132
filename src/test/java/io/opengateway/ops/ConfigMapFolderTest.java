package io.opengateway.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Helm chart mounts the routes and the catalog as ConfigMap folders. Kubelet lays such a folder
 * out as links (name → ..data/name, ..data → a timestamped folder, swapped atomically on change):
 * the route loader (Camel) and the catalog loader (Spring) must find every file through the links,
 * and nothing twice.
 */
class ConfigMapFolderTest {

    @Test
    void camel_and_spring_read_every_file_of_a_kubelet_config_map_folder(@TempDir Path tmp) throws Exception {
        Path routes = mount(Path.of("routes"), tmp.resolve("routes"));
        Path catalog = mount(Path.of("routes", "catalog"), tmp.resolve("catalog"));

        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Collection<Resource> found = PluginHelper.getPackageScanResourceResolver(camel)
                    .findResources("file:" + routes + "/*.yaml");
            assertThat(found.stream().map(r -> Path.of(r.getLocation()).getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(yamlNames(Path.of("routes")));
        }
        var models = new PathMatchingResourcePatternResolver().getResources("file:" + catalog + "/*.yaml");
        assertThat(Stream.of(models).map(r -> r.getFilename()))
                .containsExactlyInAnyOrderElementsOf(yamlNames(Path.of("routes", "catalog")));
    }

    /** What kubelet makes of a ConfigMap holding the folder's *.yaml files. */
    private static Path mount(Path source, Path target) throws Exception {
        Path version = Files.createDirectories(target.resolve("..2026_11_26_09_00_00.000000001"));
        for (String name : yamlNames(source)) {
            Files.copy(source.resolve(name), version.resolve(name));
            Files.createSymbolicLink(target.resolve(name), Path.of("..data", name));
        }
        Files.createSymbolicLink(target.resolve("..data"), version.getFileName());
        return target;
    }

    private static List<String> yamlNames(Path dir) throws Exception {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
        }
    }
}
