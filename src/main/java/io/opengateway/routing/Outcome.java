package io.opengateway.routing;

/** How a request ended, as billed: answered, failed, or left by the client mid-stream. */
public enum Outcome {
    OK, ERROR, CANCELLED;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
