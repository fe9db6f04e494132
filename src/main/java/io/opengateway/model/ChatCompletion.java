package io.opengateway.model;

import java.util.List;

/** A non-streamed answer in neutral form; {@code upstreamModel} is the snapshot the provider named. */
public record ChatCompletion(String upstreamModel, List<Choice> choices, Usage usage) {

    public ChatCompletion {
        choices = List.copyOf(choices);
    }
}
