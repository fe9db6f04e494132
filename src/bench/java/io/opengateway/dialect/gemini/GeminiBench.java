package io.opengateway.dialect.gemini;

import com.fasterxml.jackson.databind.JsonNode;

import io.opengateway.bench.BenchSupport;
import io.opengateway.bench.DialectBench;
import io.opengateway.dialect.UpstreamCall;
import io.opengateway.routing.RequestContext;
import io.opengateway.stream.StreamTranslator;

public class GeminiBench extends DialectBench {

    private final GeminiRequestMapper requests = new GeminiRequestMapper(BenchSupport.JSON);
    private final GeminiResponseMapper responses = new GeminiResponseMapper(BenchSupport.JSON, BenchSupport.ERRORS);

    protected String model() {
        return "google/gemini-3.8-flash";
    }

    protected String answerFixture() {
        return "gemini/generate-content.json";
    }

    protected String streamFixture() {
        return "gemini/stream-text.sse";
    }

    protected UpstreamCall request(RequestContext ctx) {
        return requests.build(ctx, ctx.target());
    }

    protected JsonNode completion(RequestContext ctx, JsonNode body) {
        return responses.completion(ctx, ctx.target(), body);
    }

    protected StreamTranslator translator(RequestContext ctx) {
        return responses.translator(ctx, ctx.target());
    }
}
