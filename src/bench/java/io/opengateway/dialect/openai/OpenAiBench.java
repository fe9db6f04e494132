package io.opengateway.dialect.openai;

import com.fasterxml.jackson.databind.JsonNode;

import io.opengateway.bench.BenchSupport;
import io.opengateway.bench.DialectBench;
import io.opengateway.dialect.UpstreamCall;
import io.opengateway.routing.RequestContext;
import io.opengateway.stream.StreamTranslator;

public class OpenAiBench extends DialectBench {

    private final OpenAiRequestMapper requests = new OpenAiRequestMapper(BenchSupport.JSON);
    private final OpenAiResponseMapper responses = new OpenAiResponseMapper(BenchSupport.JSON, BenchSupport.ERRORS);

    protected String model() {
        return "openai/gpt-4o-mini";
    }

    protected String answerFixture() {
        return "openai/chat-completion.json";
    }

    protected String streamFixture() {
        return "openai/chat-stream.sse";
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
