// The official openai Node SDK, unmodified, against the gateway's Responses API: responses.create,
// responses.stream, a two-turn function-tool loop and a turn continued by previous_response_id, for the
// model in argv[2]. The base URL and key
// come from OPENAI_BASE_URL and OPENAI_API_KEY, as for any user of the SDK. Prints one JSON object with
// what each step got back; OpenAiResponsesClientsTest asserts on it.
const sdk = require('openai');
const OpenAI = sdk.OpenAI ?? sdk.default;

const model = process.argv[2];
const client = new OpenAI({ maxRetries: 0, timeout: 30000 });
const weather = {
  type: 'function', name: 'get_weather', description: 'The weather in a city', strict: false,
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

async function main() {
  const out = { sdk: sdk.VERSION ?? null };

  const plain = await client.responses.create({ model, instructions: 'Be kind.', input: 'Tell me a story' });
  out.plain = { text: plain.output_text, status: plain.status, usage: plain.usage, model: plain.model };

  const stream = client.responses.stream({ model, input: 'Hello' });
  const events = [];
  let deltas = '';
  for await (const e of stream) {
    events.push(e.type);
    if (e.type === 'response.output_text.delta') deltas += e.delta;
  }
  const streamed = await stream.finalResponse();
  out.stream = { events, deltas, text: streamed.output_text, status: streamed.status, usage: streamed.usage,
    model: streamed.model };

  const input = [{ role: 'user', content: 'What is the weather in Paris and London?' }];
  const first = await client.responses.create({ model, input, tools: [weather], store: false });
  const calls = first.output.filter((i) => i.type === 'function_call');
  const second = await client.responses.create({
    model, tools: [weather], store: false,
    input: [...input, ...first.output,
      ...calls.map((c) => ({ type: 'function_call_output', call_id: c.call_id, output: '18 degrees' }))],
  });
  out.tools = { calls: calls.map((c) => ({ call_id: c.call_id, name: c.name, arguments: JSON.parse(c.arguments) })),
    second_text: second.output_text, second_status: second.status };

  const continued = await client.responses.create({ model, input: 'And in German?', previous_response_id: plain.id });
  out.continued = { previous: plain.id, text: continued.output_text, status: continued.status,
    previous_response_id: continued.previous_response_id };
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((e) => {
  process.stderr.write(String(e?.stack ?? e) + '\n');
  process.exit(1);
});
