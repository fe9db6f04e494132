# Anthropic's Python SDK (anthropic from PyPI), unmodified, against the gateway: the steps of
# AnthropicSdkScenario (as clients/anthropic-sdk.cjs runs them with the TypeScript SDK) for the
# model in argv[1], thinking with argv[2] and a fallback to argv[3]. The base URL and key come from
# ANTHROPIC_BASE_URL and ANTHROPIC_API_KEY, as for any user of the SDK. Prints one JSON object with
# what each step got back, in the TypeScript script's shape, so one set of assertions reads both.
import json
import sys

import anthropic

model, thinking_model, fallback_model = sys.argv[1:4]
client = anthropic.Anthropic(max_retries=0, timeout=30)
weather = {
    "name": "get_weather",
    "description": "The weather in a city",
    "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
}
hello = [{"role": "user", "content": "Hello"}]


def text(m):
    return "".join(b.text for b in m.content if b.type == "text")


def calls(m):
    return [{"id": b.id, "name": b.name, "input": b.input} for b in m.content if b.type == "tool_use"]


def usage(m):
    return {"input_tokens": m.usage.input_tokens, "output_tokens": m.usage.output_tokens}


out = {"sdk": anthropic.__version__}

plain = client.messages.create(model=model, max_tokens=256, system="Be kind.", messages=hello)
out["plain"] = {"text": text(plain), "stop_reason": plain.stop_reason, "usage": usage(plain), "model": plain.model}

events = []
with client.messages.stream(model=model, max_tokens=256, messages=hello) as stream:
    for event in stream:
        events.append(event.type)
    streamed = stream.get_final_message()
# the SDK's stream also yields events of its own ("text", "input_json"): keep the wire's
wire = [e for e in events if e in ("message_start", "message_delta", "message_stop", "content_block_start",
                                   "content_block_delta", "content_block_stop")]
out["stream"] = {"events": wire, "text": text(streamed), "stop_reason": streamed.stop_reason, "usage": usage(streamed)}

first = client.messages.create(model=model, max_tokens=256, tools=[weather], messages=hello)
second = client.messages.create(
    model=model, max_tokens=256, tools=[weather],
    messages=hello + [{"role": "assistant", "content": first.content},
                      {"role": "user", "content": [{"type": "tool_result", "tool_use_id": c["id"], "content": "18 degrees"}
                                                   for c in calls(first)]}])
out["tools"] = {"first_stop": first.stop_reason, "calls": calls(first), "second_stop": second.stop_reason,
                "second_text": text(second)}

with client.messages.stream(model=model, max_tokens=256, tools=[weather], messages=hello) as stream:
    tool_stream = stream.get_final_message()
out["tool_stream"] = {"stop_reason": tool_stream.stop_reason, "calls": calls(tool_stream)}

thinking = {"type": "enabled", "budget_tokens": 1024}
thought = client.messages.create(model=thinking_model, max_tokens=2048, thinking=thinking, messages=hello)
again = client.messages.create(model=thinking_model, max_tokens=2048, thinking=thinking,
                               messages=hello + [{"role": "assistant", "content": thought.content},
                                                 {"role": "user", "content": "And?"}])
signatures = [b.signature for b in thought.content if b.type == "thinking"]
out["thinking"] = {"blocks": [b.type for b in thought.content], "signature": signatures[0] if signatures else None,
                   "second_stop": again.stop_reason}

image = client.messages.create(model=model, max_tokens=256, messages=[{"role": "user", "content": [
    {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}},
    {"type": "text", "text": "What is it?"}]}])
out["image"] = {"text": text(image), "stop_reason": image.stop_reason}

out["count"] = client.messages.count_tokens(model=model, messages=[{"role": "user", "content": "Hello, world"}]).input_tokens

try:
    client.messages.create(model=model, max_tokens=256, messages=hello)
    out["error"] = None
except anthropic.APIStatusError as e:
    error = e.body.get("error", {}) if isinstance(e.body, dict) else {}
    out["error"] = {"class": type(e).__name__, "status": e.status_code, "type": error.get("type"),
                    "message": error.get("message"), "request_id": e.request_id}

# the gateway's fallback list rides in the body, beside what the SDK knows
fell = client.messages.create(model=model, max_tokens=256, messages=hello, extra_body={"models": [fallback_model]})
out["fallback"] = {"model": fell.model, "text": text(fell)}

print(json.dumps(out))
