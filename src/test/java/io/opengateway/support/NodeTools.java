package io.opengateway.support;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real clients from npm for the client tests (Claude Code, Anthropic's TypeScript SDK), unmodified:
 * each pinned package is installed once into target/tools/npm by .ci/fetch-npm and run as a process
 * with a bounded wait. Without node and npm the tests are skipped, except where
 * OPENGATEWAY_TEST_REQUIRE_NODE=true (CI): there they fail.
 */
public final class NodeTools {

    private static final String REQUIRE = "OPENGATEWAY_TEST_REQUIRE_NODE";

    /** What one run printed. */
    public record Run(int exit, String out, String err) {
    }

    private NodeTools() {
    }

    /** The folder the package ({@code name@version}) is installed in, its node_modules inside. */
    public static synchronized Path install(String spec, String tests) throws Exception {
        for (String tool : List.of("node", "npm")) {
            Run version;
            try {
                version = exec(new ProcessBuilder(tool, "--version"), Duration.ofSeconds(60));
            } catch (java.io.IOException e) {
                throw RequiredTool.missing(tests, REQUIRE, tool + " is not installed (" + e.getMessage() + ")");
            }
            if (version.exit() != 0) {
                throw RequiredTool.missing(tests, REQUIRE, tool + " --version failed: " + version.err());
            }
        }
        // npm itself runs with this machine's environment (its cache, registry settings)
        Run fetch = exec(new ProcessBuilder(Path.of(".ci", "fetch-npm").toAbsolutePath().toString(), spec),
                Duration.ofMinutes(5));
        if (fetch.exit() != 0) {
            throw RequiredTool.missing(tests, REQUIRE, "npm could not install " + spec + ": " + fetch.err());
        }
        return Path.of(fetch.out().strip());
    }

    /**
     * Runs a command in {@code dir} with only PATH and the given variables (nothing of this machine's
     * environment, no provider key of its own), stdin closed, killed after {@code limit}.
     */
    public static Run run(List<String> command, Path dir, Map<String, String> env, Duration limit) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        String path = System.getenv("PATH");
        pb.environment().clear();
        pb.environment().put("PATH", path == null ? "/usr/local/bin:/usr/bin:/bin" : path);
        pb.environment().putAll(env);
        return exec(pb, limit);
    }

    /** Runs {@code pb} with its environment as set, stdin closed, killed after {@code limit}. */
    static Run exec(ProcessBuilder pb, Duration limit) throws Exception {
        File out = File.createTempFile("node-tool", ".out");
        File err = File.createTempFile("node-tool", ".err");
        try {
            Process p = pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out).redirectError(err).start();
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError(pb.command().get(0) + " did not finish within " + limit + "; it printed: "
                        + Files.readString(out.toPath()) + Files.readString(err.toPath()));
            }
            return new Run(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                    Files.readString(err.toPath(), StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out.toPath());
            Files.deleteIfExists(err.toPath());
        }
    }
}
