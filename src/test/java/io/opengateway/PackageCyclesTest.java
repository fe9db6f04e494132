package io.opengateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The gateway's packages form a layered graph, not a web: a package that uses another may not be
 * used by it, directly or through others. Read from the sources' imports and fully qualified names
 * (the compiled classes would miss constants the compiler inlines), so a cycle fails here before
 * review, with its path named.
 */
class PackageCyclesTest {

    private static final Path SOURCES = Path.of("src", "main", "java");
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);
    // a gateway type named by its package: io.opengateway.routing.ModelTarget, in an import or in code
    private static final Pattern USE = Pattern.compile("\\b(io\\.opengateway(?:\\.[a-z]\\w*)*)\\.[A-Z]");

    @Test
    void the_package_graph_has_no_cycle() {
        Map<String, Set<String>> graph = graph();
        assertThat(graph).containsKeys("io.opengateway.routing", "io.opengateway.edge", "io.opengateway.model");
        assertThat(cycles(graph)).as("package cycles (each listed as a path back to its start)").isEmpty();
    }

    @Test
    void the_cycle_finder_names_a_cycle() {
        Map<String, Set<String>> graph = new TreeMap<>(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"),
                "d", Set.of("a")));
        assertThat(cycles(graph)).containsExactly("a -> b -> c -> a");
    }

    /** Package to the gateway packages its sources use. */
    static Map<String, Set<String>> graph() {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                String src = read(f);
                Matcher p = PACKAGE.matcher(src);
                if (!p.find()) {
                    return;
                }
                String from = p.group(1);
                Set<String> to = graph.computeIfAbsent(from, k -> new TreeSet<>());
                Matcher m = USE.matcher(src.substring(p.end()));
                while (m.find()) {
                    if (!m.group(1).equals(from)) {
                        to.add(m.group(1));
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    /** One path per cycle found by a depth-first walk: the first edge that leads back into the walk's own path. */
    static List<String> cycles(Map<String, Set<String>> graph) {
        List<String> found = new ArrayList<>();
        Set<String> done = new TreeSet<>();
        for (String start : graph.keySet()) {
            walk(start, graph, new ArrayList<>(), done, found);
        }
        return found;
    }

    private static void walk(String at, Map<String, Set<String>> graph, List<String> path, Set<String> done,
            List<String> found) {
        int back = path.indexOf(at);
        if (back >= 0) {
            List<String> cycle = new ArrayList<>(path.subList(back, path.size()));
            cycle.add(at);
            found.add(String.join(" -> ", cycle));
            return;
        }
        if (!done.add(at)) {
            return;
        }
        path.add(at);
        for (String next : graph.getOrDefault(at, Set.of())) {
            walk(next, graph, path, done, found);
        }
        path.remove(path.size() - 1);
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
