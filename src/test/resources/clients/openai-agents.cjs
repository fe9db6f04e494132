// The OpenAI Agents SDK (@openai/agents), unmodified, against the gateway: an agent with one function
// tool over two turns of a conversation, for the model in argv[2]. The SDK talks the Responses API (its
// default) through an openai client at OPENAI_BASE_URL with OPENAI_API_KEY; tracing is off (it would
// export to OpenAI). Turn one makes the model call the tool and answer from its result (two model
// calls); turn two continues from turn one's history. Prints what each turn ended with as JSON.
const agents = require('@openai/agents');
const { OpenAI } = require('openai');
const { z } = require('zod');

const model = process.argv[2];
agents.setDefaultOpenAIClient(new OpenAI({ maxRetries: 0, timeout: 30000 }));
agents.setOpenAIAPI('responses');
agents.setTracingDisabled(true);

const calls = [];
const getWeather = agents.tool({
  name: 'get_weather',
  description: 'The weather in a city',
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => {
    calls.push(city);
    return `18 degrees in ${city}`;
  },
});
const agent = new agents.Agent({ name: 'Weather', instructions: 'Answer with the weather tool.', model, tools: [getWeather] });

async function main() {
  const first = await agents.run(agent, 'What is the weather in Paris?');
  const second = await agents.run(agent, [...first.history, { role: 'user', content: 'Thanks. And in one word?' }]);
  process.stdout.write(JSON.stringify({
    calls,
    first: { output: first.finalOutput, items: first.newItems.map((i) => i.type) },
    second: { output: second.finalOutput, items: second.newItems.map((i) => i.type) },
  }) + '\n');
}

main().catch((e) => {
  process.stderr.write(String(e?.stack ?? e) + '\n');
  process.exit(1);
});
