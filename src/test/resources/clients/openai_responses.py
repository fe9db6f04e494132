"""The official openai Python SDK, unmodified, against the gateway's Responses API: responses.create,
responses.stream, a two-turn function-tool loop and a turn continued by previous_response_id, for the model in argv[1]. The base URL and key come
from OPENAI_BASE_URL and OPENAI_API_KEY, as for any user of the SDK. Prints one JSON object with what
each step got back, in the shape clients/openai-responses.cjs prints; OpenAiPythonSdkResponsesTest
asserts on it."""
import json
import sys

import openai

model = sys.argv[1]
client = openai.OpenAI(max_retries=0, timeout=30)
weather = {
    "type": "function", "name": "get_weather", "description": "The weather in a city", "strict": False,
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
}


def usage(u):
    return u.model_dump() if u is not None else None


out = {"sdk": openai.__version__}

plain = client.responses.create(model=model, instructions="Be kind.", input="Tell me a story")
out["plain"] = {"text": plain.output_text, "status": plain.status, "usage": usage(plain.usage), "model": plain.model}

events, deltas = [], ""
with client.responses.stream(model=model, input="Hello") as stream:
    for event in stream:
        events.append(event.type)
        if event.type == "response.output_text.delta":
            deltas += event.delta
    streamed = stream.get_final_response()
out["stream"] = {"events": events, "deltas": deltas, "text": streamed.output_text, "status": streamed.status,
                 "usage": usage(streamed.usage), "model": streamed.model}

question = [{"role": "user", "content": "What is the weather in Paris and London?"}]
first = client.responses.create(model=model, input=question, tools=[weather], store=False)
calls = [item for item in first.output if item.type == "function_call"]
second = client.responses.create(
    model=model, tools=[weather], store=False,
    input=question + [item.model_dump(exclude_none=True) for item in first.output]
    + [{"type": "function_call_output", "call_id": c.call_id, "output": "18 degrees"} for c in calls])
out["tools"] = {"calls": [{"call_id": c.call_id, "name": c.name, "arguments": json.loads(c.arguments)} for c in calls],
                "second_text": second.output_text, "second_status": second.status}

continued = client.responses.create(model=model, input="And in German?", previous_response_id=plain.id)
out["continued"] = {"previous": plain.id, "text": continued.output_text, "status": continued.status,
                    "previous_response_id": continued.previous_response_id}
print(json.dumps(out))
