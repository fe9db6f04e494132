package io.opengateway.support;

import java.time.Duration;

import static io.opengateway.support.FakeUpstream.fixture;
import static io.opengateway.support.FakeUpstream.sseFixture;

/**
 * The fallback a fault test lists after a model of some dialect: a built-in model on another fake
 * than that dialect's, so the two fakes' request counts tell the attempts apart. Either streams
 * "Hello there!".
 */
public record NextModel(String model, FakeUpstream fake, String jsonFixture, String streamFixture) {

    public static NextModel after(String dialect) {
        return dialect.equals("openai")
                ? new NextModel("anthropic/claude-haiku-4-5", GatewayTestBase.ANTHROPIC,
                        "anthropic/message-text-with-cache.json", "anthropic/stream-text.sse")
                : new NextModel("openai/gpt-4o-mini", GatewayTestBase.OPENAI,
                        "openai/chat-completion.json", "openai/chat-stream.sse");
    }

    /** Queues its answer to a non-streamed request. */
    public void answers() {
        fake.enqueue(FakeUpstream.json(200, fixture(jsonFixture)));
    }

    /** Queues its answer to a streamed request. */
    public void streams() {
        fake.enqueue(FakeUpstream.sse(sseFixture(streamFixture), Duration.ZERO));
    }
}
