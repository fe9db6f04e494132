package io.opengateway.bench;

import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.opengateway.dialect.ResponseMapper;
import io.opengateway.dialect.UpstreamCall;
import io.opengateway.model.ChatRequest;
import io.opengateway.routing.RequestContext;
import io.opengateway.stream.ChatStreamRelay;
import io.opengateway.stream.StreamTranslator;
import io.opengateway.stream.UpstreamBody;

/**
 * The hot code of one wire dialect, measured the same way for each: a client request parsed and
 * translated into the provider's body; a provider answer translated into OpenAI's; a provider
 * stream relayed as OpenAI chunks (reported per stream; divide by the fixture's events).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public abstract class DialectBench {

    private byte[] chat;
    private byte[] answer;
    private byte[] stream;

    protected abstract String model();

    protected abstract String answerFixture();

    protected abstract String streamFixture();

    protected abstract UpstreamCall request(RequestContext ctx);

    protected abstract JsonNode completion(RequestContext ctx, JsonNode body);

    protected abstract StreamTranslator translator(RequestContext ctx);

    @Setup
    public void setUp() {
        chat = BenchSupport.chatBody(model(), false);
        answer = BenchSupport.fixture(answerFixture());
        stream = BenchSupport.fixture(streamFixture());
    }

    @Benchmark
    public byte[] request() throws Exception {
        ChatRequest req = BenchSupport.parse(chat);
        return request(BenchSupport.context(req, model())).body();
    }

    @Benchmark
    public byte[] response() throws Exception {
        RequestContext ctx = BenchSupport.context(BenchSupport.parse(chat), model());
        return BenchSupport.JSON.writeValueAsBytes(completion(ctx, BenchSupport.JSON.readTree(answer)));
    }

    @Benchmark
    public int stream() throws Exception {
        RequestContext ctx = BenchSupport.context(BenchSupport.parse(BenchSupport.chatBody(model(), true)), model());
        ChatStreamRelay relay = new ChatStreamRelay(new UpstreamBody(BenchSupport.stream(stream)), ctx,
                translator(ctx), BenchSupport.JSON, ResponseMapper.meta(ctx, ctx.target()), true);
        relay.prime();
        return BenchSupport.drain(relay);
    }
}
