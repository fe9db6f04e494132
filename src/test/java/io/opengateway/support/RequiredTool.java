package io.opengateway.support;

import org.junit.jupiter.api.Assumptions;

/**
 * What a test does when an outside tool it runs (helm, node and npm) is not on this machine: it is
 * skipped with the reason, except where the tool's {@code OPENGATEWAY_TEST_REQUIRE_*} variable is
 * true (CI, .ci/run sets them), where the missing tool fails it.
 */
public final class RequiredTool {

    private RequiredTool() {
    }

    /** Skips the calling test, or fails it when {@code requireVariable} is true; never returns. */
    public static IllegalStateException missing(String tests, String requireVariable, String why) {
        if (Boolean.parseBoolean(System.getenv(requireVariable))) {
            throw new IllegalStateException(tests + " are required for this run (" + requireVariable + "): " + why);
        }
        System.err.println(tests + " skipped: " + why);
        Assumptions.abort(why);
        return new IllegalStateException(why); // not reached: abort throws
    }
}
