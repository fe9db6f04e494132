package io.opengateway.front.responses.store;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A response the gateway keeps: OpenAI's response object (its {@code output} the output items) and the
 * input items it was made from, whole conversation included.
 */
public record StoredResponse(String id, String account, Instant createdAt, ArrayNode input, ObjectNode response) {

    /** What a request naming this response as {@code previous_response_id} continues from. */
    public ArrayNode conversation() {
        ArrayNode items = input.deepCopy();
        response.withArray("output").forEach(items::add);
        return items;
    }
}
