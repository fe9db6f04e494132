package io.opengateway;

import java.time.Duration;

import io.opengateway.support.FakeUpstream;
import io.opengateway.support.GatewayTestBase;

import static io.opengateway.support.FakeUpstream.fixture;
import static io.opengateway.support.FakeUpstream.sseFixture;

/**
 * What the fake provider of a model answers to the Responses client tests (the openai SDKs for Node
 * and Python, the Agents SDK), in the provider's own wire format: a text, a stream, a function call.
 * openai/ models get OpenAI's Responses objects (passed through); anthropic/ and google/ models get
 * the Messages and Gemini answers AnthropicSdkTest uses (a single get_weather call for Anthropic), for
 * the gateway to translate.
 */
record ResponsesFakes(FakeUpstream fake, String text, String toolCall, String stream) {

    static ResponsesFakes of(String model) {
        if (model.startsWith("openai/")) {
            return new ResponsesFakes(GatewayTestBase.OPENAI, "openai/responses.json",
                    "openai/responses-function-call.json", "openai/responses-stream.sse");
        }
        AnthropicSdkTest.Provider p = AnthropicSdkTest.provider(model);
        // one get_weather call only: an agent has no other tool (the Messages tests' answer also calls get_time)
        String toolCall = p.fake() == GatewayTestBase.ANTHROPIC ? "anthropic/message-tool-use-weather.json" : p.toolCall();
        return new ResponsesFakes(p.fake(), p.text(), toolCall, p.stream());
    }

    ResponsesFakes answerText() {
        fake.enqueue(FakeUpstream.json(200, fixture(text)));
        return this;
    }

    ResponsesFakes answerToolCall() {
        fake.enqueue(FakeUpstream.json(200, fixture(toolCall)));
        return this;
    }

    ResponsesFakes answerStream() {
        fake.enqueue(FakeUpstream.sse(sseFixture(stream), Duration.ZERO));
        return this;
    }
}
