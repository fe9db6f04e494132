package io.opengateway.model;

/** An assistant's function call; {@code arguments} is the JSON text exactly as the model wrote it. */
public record ToolCall(String id, String name, String arguments) {
}
