package io.opengateway.dialect.anthropic;

import com.fasterxml.jackson.databind.JsonNode;

import io.opengateway.bench.BenchSupport;
import io.opengateway.bench.DialectBench;
import io.opengateway.dialect.UpstreamCall;
import io.opengateway.routing.RequestContext;
import io.opengateway.stream.StreamTranslator;

public class AnthropicBench extends DialectBench {

    private final AnthropicRequestMapper requests = new AnthropicRequestMapper(BenchSupport.JSON);
    private final AnthropicResponseMapper responses = new AnthropicResponseMapper(BenchSupport.JSON, BenchSupport.ERRORS);

    protected String model() {
        return "anthropic/claude-haiku-4-5";
    }

    protected String answerFixture() {
        return "anthropic/message-text-with-cache.json";
    }

    protected String streamFixture() {
        return "anthropic/stream-text.sse";
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
