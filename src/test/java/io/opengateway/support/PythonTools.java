package io.opengateway.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Real Python clients for the client tests (the openai and anthropic SDKs from pip), unmodified: each
 * pinned package ({@code name==version}) is installed once into its own virtual environment under
 * target/tools/python by .ci/fetch-pip, and scripts run with that environment's python. Without
 * python3 (with venv) or a package index that has the package, the tests are skipped, except where
 * OPENGATEWAY_TEST_REQUIRE_PYTHON=true (CI, when this machine's pip can provide it): there they fail.
 */
public final class PythonTools {

    private static final String REQUIRE = "OPENGATEWAY_TEST_REQUIRE_PYTHON";

    private PythonTools() {
    }

    /** The python of the virtual environment holding {@code spec} ({@code openai==3.22.1}, say). */
    public static synchronized Path install(String spec, String tests) throws Exception {
        NodeTools.Run fetch;
        try {
            // pip runs with this machine's environment (its configuration, indexes and wheel folders)
            fetch = NodeTools.exec(new ProcessBuilder(Path.of(".ci", "fetch-pip").toAbsolutePath().toString(), spec),
                    Duration.ofMinutes(5));
        } catch (java.io.IOException e) {
            throw RequiredTool.missing(tests, REQUIRE, "cannot run .ci/fetch-pip (" + e.getMessage() + ")");
        }
        if (fetch.exit() != 0) {
            throw RequiredTool.missing(tests, REQUIRE, "pip could not install " + spec + ": " + fetch.err());
        }
        return Path.of(fetch.out().strip()).resolve("bin").resolve("python");
    }

    /**
     * Runs {@code script} with {@code args} by the environment's {@code python}, with only PATH and
     * the given variables (as {@link NodeTools#run}), killed after {@code limit}.
     */
    public static NodeTools.Run run(Path python, Path script, List<String> args, Map<String, String> env,
            Duration limit) throws Exception {
        List<String> command = new ArrayList<>(List.of(python.toString(), script.toAbsolutePath().toString()));
        command.addAll(args);
        return NodeTools.run(command, Path.of("."), env, limit);
    }
}
