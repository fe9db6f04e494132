// Anthropic's TypeScript SDK (@anthropic-ai/sdk), unmodified, against the gateway: the steps of
// AnthropicSdkScenario for the model in argv[2], thinking with argv[3] and a fallback to argv[4].
// The base URL and key come from ANTHROPIC_BASE_URL and ANTHROPIC_API_KEY, as for any user of the SDK.
// Prints one JSON object with what each step got back (clients/anthropic_sdk.py prints the same
// shape for the Python SDK); AnthropicSdkScenario asserts on it.
const sdk = require('@anthropic-ai/sdk');
const Anthropic = sdk.Anthropic ?? sdk.default;

const [model, thinkingModel, fallbackModel] = process.argv.slice(2, 5);
const client = new Anthropic({ maxRetries: 0, timeout: 30000 });
const weather = {
  name: 'get_weather',
  description: 'The weather in a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const hello = [{ role: 'user', content: 'Hello' }];
const text = (m) => m.content.filter((b) => b.type === 'text').map((b) => b.text).join('');
const toolCalls = (m) => m.content.filter((b) => b.type === 'tool_use').map((c) => ({ id: c.id, name: c.name, input: c.input }));

async function main() {
  const out = { sdk: sdk.VERSION ?? null };

  const plain = await client.messages.create({ model, max_tokens: 256, system: 'Be kind.', messages: hello });
  out.plain = { text: text(plain), stop_reason: plain.stop_reason, usage: plain.usage, model: plain.model };

  const stream = client.messages.stream({ model, max_tokens: 256, messages: hello });
  const events = [];
  stream.on('streamEvent', (e) => events.push(e.type));
  const streamed = await stream.finalMessage();
  out.stream = { events, text: text(streamed), stop_reason: streamed.stop_reason, usage: streamed.usage };

  const first = await client.messages.create({ model, max_tokens: 256, tools: [weather], messages: hello });
  const calls = toolCalls(first);
  const second = await client.messages.create({
    model, max_tokens: 256, tools: [weather],
    messages: [...hello, { role: 'assistant', content: first.content },
      { role: 'user', content: calls.map((c) => ({ type: 'tool_result', tool_use_id: c.id, content: '18 degrees' })) }],
  });
  out.tools = {
    first_stop: first.stop_reason, calls, second_stop: second.stop_reason, second_text: text(second),
  };

  const toolStream = await client.messages.stream({ model, max_tokens: 256, tools: [weather], messages: hello }).finalMessage();
  out.tool_stream = { stop_reason: toolStream.stop_reason, calls: toolCalls(toolStream) };

  const thinking = { type: 'enabled', budget_tokens: 1024 };
  const thought = await client.messages.create({ model: thinkingModel, max_tokens: 2048, thinking, messages: hello });
  const again = await client.messages.create({
    model: thinkingModel, max_tokens: 2048, thinking,
    messages: [...hello, { role: 'assistant', content: thought.content }, { role: 'user', content: 'And?' }],
  });
  out.thinking = {
    blocks: thought.content.map((b) => b.type),
    signature: thought.content.find((b) => b.type === 'thinking')?.signature ?? null, second_stop: again.stop_reason,
  };

  const image = await client.messages.create({
    model, max_tokens: 256, messages: [{ role: 'user', content: [
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
      { type: 'text', text: 'What is it?' }] }],
  });
  out.image = { text: text(image), stop_reason: image.stop_reason };

  const counted = await client.messages.countTokens({ model, messages: [{ role: 'user', content: 'Hello, world' }] });
  out.count = counted.input_tokens;

  try {
    await client.messages.create({ model, max_tokens: 256, messages: hello });
    out.error = null;
  } catch (e) {
    out.error = { class: e.constructor.name, status: e.status ?? null, type: e.error?.error?.type ?? null,
      message: e.error?.error?.message ?? String(e), request_id: e.requestID ?? null };
  }

  // the gateway's fallback list rides in the body, beside what the SDK knows
  const fell = await client.messages.create({ model, max_tokens: 256, messages: hello, models: [fallbackModel] });
  out.fallback = { model: fell.model, text: text(fell) };
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((e) => {
  process.stderr.write(String(e?.stack ?? e) + '\n');
  process.exit(1);
});
