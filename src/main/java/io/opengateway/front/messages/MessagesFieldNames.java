package io.opengateway.front.messages;

import java.util.Map;

import io.opengateway.error.GatewayException;

/**
 * A provider dialect refuses what it cannot honour by the neutral request's field names, which are
 * Chat Completions' ({@code parallel_tool_calls}); a Messages client sent other fields and must read
 * the ones it sent. The neutral fields a Messages request sets, each with the Messages field it
 * came from, as they are quoted in the refusals.
 */
final class MessagesFieldNames {

    private static final Map<String, String> SENT_AS = Map.of(
            "'parallel_tool_calls: false'", "'tool_choice.disable_parallel_tool_use: true'",
            "'reasoning_effort'", "'thinking'");

    private MessagesFieldNames() {
    }

    /** The refusal in the fields the client sent; anything else unchanged. */
    static String message(GatewayException e) {
        String message = e.getMessage();
        if (message == null || e.status() != 400) {
            return message;
        }
        for (Map.Entry<String, String> name : SENT_AS.entrySet()) {
            message = message.replace(name.getKey(), name.getValue());
        }
        return message;
    }
}
