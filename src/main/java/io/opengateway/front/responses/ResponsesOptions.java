package io.opengateway.front.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.opengateway.routing.ModelTarget;
import io.opengateway.routing.RequestContext;

/**
 * What the answer's writer takes from the client's Responses request: its body (echoed in the
 * response object, as OpenAI does), its tools (to name calls as the client declared them), whether
 * it asked for reasoning summaries ({@code reasoning.summary}) and for reasoning state
 * ({@code include: ["reasoning.encrypted_content"]}), and the ids of this response and its items.
 */
record ResponsesOptions(ObjectNode request, ResponsesTools tools, boolean summaries, boolean encrypted,
        String responseId, String itemPrefix, long createdAt, String provider, String model) {

    static ResponsesOptions of(RequestContext ctx, ModelTarget target) {
        ObjectNode body = ctx.request().nativeRequest().body();
        JsonNode summary = body.path("reasoning").path("summary");
        if (summary.isMissingNode() || summary.isNull()) {
            summary = body.path("reasoning").path("generate_summary");
        }
        boolean encrypted = false;
        for (JsonNode i : body.path("include")) {
            encrypted |= "reasoning.encrypted_content".equals(i.asText());
        }
        String id = ctx.request().requestId();
        String hex = id.startsWith("req_") ? id.substring(4) : id;
        return new ResponsesOptions(body, ResponsesTools.of(body),
                summary.isTextual() && !summary.asText().equals("none"), encrypted, responseId(ctx), hex,
                ctx.request().startedAt().getEpochSecond(), target.provider(), target.model().id());
    }

    /** The response's id: the request id's, so a record and a response name each other. */
    static String responseId(RequestContext ctx) {
        String id = ctx.request().requestId();
        return "resp_" + (id.startsWith("req_") ? id.substring(4) : id);
    }

    /** The id of output item number {@code n}: its kind's prefix as OpenAI's ({@code msg}, {@code fc}, ...). */
    String itemId(String kind, int n) {
        return kind + "_" + itemPrefix + "_" + n;
    }
}
