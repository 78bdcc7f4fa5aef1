// The official OpenAI Node SDK pointed at the Takumo gateway as its base URL, as a customer's app
// would be: one chat completion, then one streamed with a tool call. Prints what the app got, as JSON.
import OpenAI from 'openai';

const client = new OpenAI({
  baseURL: process.env.GATEWAY_BASE_URL,
  apiKey: process.env.PROVIDER_KEY,
  defaultHeaders: { 'X-Takumo-Api-Key': process.env.TAKUMO_API_KEY },
  maxRetries: 0,
});
const message = `echo-secret: deploy with ${process.env.SECRET}`;
const tools = [{
  type: 'function',
  function: { name: 'deploy', parameters: { type: 'object', properties: { token: { type: 'string' } } } },
}];

const completion = await client.chat.completions.create({
  model: 'gpt-4o', messages: [{ role: 'user', content: message }], tools,
});
const call = completion.choices[0].message.tool_calls[0];

const stream = await client.chat.completions.create({
  model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: `${message} (echo-split)` }], tools,
});
let content = '';
let name = '';
let args = '';
for await (const chunk of stream) {
  const delta = chunk.choices[0]?.delta ?? {};
  content += delta.content ?? '';
  for (const toolCall of delta.tool_calls ?? []) {
    name += toolCall.function?.name ?? '';
    args += toolCall.function?.arguments ?? '';
  }
}

console.log(JSON.stringify({
  json: { content: completion.choices[0].message.content, name: call.function.name, arguments: call.function.arguments },
  stream: { content, name, arguments: args },
}));
