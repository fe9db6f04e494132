package io.opengateway.model;

public record Choice(int index, AssistantMessage message, FinishReason finishReason) {
}
