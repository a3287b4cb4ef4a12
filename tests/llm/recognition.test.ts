import { createUntypedRuleTester } from "../rule-tester.js";
import { call, probe } from "./probe.js";

createUntypedRuleTester().run("recognition: frameworks, settings and lookalikes", probe, {
  valid: [
    // Twilio, a database, an unrelated `run` or `generateText`: no SDK import and no SDK shape.
    `await client.messages.create({ body: "hi", to: "+1", from: "+2" });`,
    `await prisma.messages.create({ data: { model: "x", messages: [] } });`,
    `import { run } from "./tasks";\nawait run(job, "x");`,
    `export async function generateText(options) { return options.prompt; }\nawait generateText({ model: "x", prompt: "y" });`,
    // elizaOS's shape counts only in files that import elizaOS.
    `await runtime.useModel(ModelType.TEXT_LARGE, { prompt: "x" });`,
    // Settings patterns match the end of the callee path, segment by segment.
    {
      code: `await askModel("x"); await llm.other.complete("y");`,
      settings: { "llm-cost": { llmCalls: ["askLlm", "llm.complete"] } },
    },
  ],
  invalid: [
    {
      // Deno and CDN imports name the same packages (Supabase edge functions import SDKs so).
      code: `import OpenAI from "npm:openai@4.52.0";
import Anthropic from "https://esm.sh/@anthropic-ai/sdk@0.20.1?target=deno";
await new OpenAI().chat.completions.create({ model: "m", messages: [] });
await new Anthropic().messages.create({ model: "m", max_tokens: 1, messages: [] });`,
      errors: [call("import", "openai.chat.completions"), call("import", "anthropic.messages")],
    },
    {
      // A function that only returns a callback does not make the call: `later()` is not a wrapper call.
      code: `import OpenAI from "openai";
const client = new OpenAI();
export function later() { return () => client.chat.completions.create({ model: "m", messages: [], max_tokens: 1 }); }
later();`,
      errors: [call("import", "openai.chat.completions")],
    },
    {
      code: `import { OpenAI } from "@llamaindex/openai";
const llm = new OpenAI({ model: "gpt-4o" });
await llm.complete({ prompt: "x" });
await llm.chat({ messages: [] });`,
      errors: [call("import", "llamaindex.llm"), call("import", "llamaindex.llm")],
    },
    {
      code: `import { Agent } from "@mastra/core/agent";
const agent = new Agent({ name: "a", instructions: "b", model });
await agent.generate("x");`,
      errors: [call("import", "mastra.agent")],
    },
    {
      code: `import { Agent, run } from "@openai/agents";
const agent = new Agent({ name: "a", instructions: "b" });
await run(agent, "x");`,
      errors: [call("import", "openai-agents.run")],
    },
    {
      code: `import { ModelType, type IAgentRuntime } from "@elizaos/core";
export async function reply(runtime: IAgentRuntime) {
  return runtime.useModel(ModelType.TEXT_LARGE, { prompt: "x" });
}`,
      errors: [call("shape", "elizaos.use_model")],
    },
    {
      code: `import { ChatOpenAI } from "@langchain/openai";
const model = new ChatOpenAI({ maxTokens: 10 });
await model.invoke("x");
await model.withStructuredOutput(schema).invoke("y");
await model.batch(["a", "b"]);`,
      errors: [call("import", "langchain.invoke"), call("import", "langchain.invoke"), call("import", "langchain.invoke")],
    },
    {
      code: `import { GoogleGenAI } from "@google/genai";
const ai = new GoogleGenAI({});
const chat = ai.chats.create({ model: "gemini-2.5-flash" });
await chat.sendMessage({ message: "x" });`,
      errors: [call("import", "google-genai.chats.send_message")],
    },
    {
      code: `import { BedrockRuntime } from "@aws-sdk/client-bedrock-runtime";
await new BedrockRuntime({}).converse({ modelId: "m", messages: [], inferenceConfig: { maxTokens: 5 } });`,
      errors: [call("import", "bedrock.converse")],
    },
    {
      // openai 3.x, still found in older apps.
      code: `import { Configuration, OpenAIApi } from "openai";
const openai = new OpenAIApi(new Configuration({ apiKey }));
await openai.createChatCompletion({ model: "gpt-3.5-turbo", messages: [] });`,
      errors: [call("import", "openai.v3.chat.completions")],
    },
    {
      code: `const OpenAI = require("openai");
const client = new OpenAI();
client.embeddings.create({ model: "text-embedding-3-small", input: "x" });`,
      errors: [call("import", "openai.embeddings")],
    },
    {
      // User-named abstractions, with wildcards; their callers through a local wrapper.
      code: `await askLlm("x");
await this.llm.complete("y");
await agents.research.invokeAgent("z");
async function twice(q) { await askLlm(q); }`,
      settings: { "llm-cost": { llmCalls: ["askLlm", "llm.complete", "*.invoke*"] } },
      errors: [
        call("settings", "custom", "askLlm@here"),
        call("settings", "custom", "this.llm.complete@here"),
        call("settings", "custom", "agents.research.invokeAgent@here"),
        call("settings", "custom", "askLlm@here"),
      ],
    },
    {
      // An arrow-function field called through a local instance, as engine classes are often written.
      code: `import OpenAI from "openai";
const client = new OpenAI();
class Engine {
  generate = async (text) => client.chat.completions.create({ model: "m", messages: [{ role: "user", content: text }], max_tokens: 5 });
}
const engine = new Engine();
await engine.generate("x");`,
      errors: [call("import", "openai.chat.completions"), call("wrapper", "openai.chat.completions", "generate@here")],
    },
    {
      // A recursive wrapper: the recursive call is a wrapper call too, whichever call is asked about first.
      code: `import OpenAI from "openai";
const client = new OpenAI();
async function ask(question, retries) {
  if (retries > 0 && !question) return ask(question, retries - 1);
  return client.chat.completions.create({ model: "m", messages: [], max_tokens: 1 });
}
await ask("x", 2);`,
      errors: [
        call("wrapper", "openai.chat.completions", "ask@here"),
        call("import", "openai.chat.completions"),
        call("wrapper", "openai.chat.completions", "ask@here"),
      ],
    },
    {
      // Mutual recursion: \`b\` calls the SDK, \`a\` only reaches it through \`b\` (two levels deep).
      code: `import OpenAI from "openai";
const client = new OpenAI();
function a(n) { return n > 0 ? b(n - 1) : null; }
function b(n) { a(n); return client.chat.completions.create({ model: "m", messages: [], max_tokens: 1 }); }
a(3);`,
      errors: [
        call("wrapper", "openai.chat.completions", "b@here"),
        call("wrapper", "openai.chat.completions", "a@here"),
        call("import", "openai.chat.completions"),
        call("wrapper", "openai.chat.completions", "a@here"),
      ],
    },
    {
      // Raw HTTP: a known host, and an OpenAI-compatible gateway with a chat-shaped body.
      code: `await fetch(\`https://generativelanguage.googleapis.com/v1beta/models/\${model}:generateContent?key=\${key}\`, { method: "POST", body: JSON.stringify({ contents }) });
await fetch(\`\${baseUrl}/chat/completions\`, { method: "POST", body: JSON.stringify({ model: "llama", messages }) });
await axios.post("https://api.anthropic.com/v1/messages", { model: "claude", max_tokens: 5, messages });`,
      errors: [
        call("http", "google.rest.generate_content"),
        call("http", "openai.chat.completions"),
        call("http", "anthropic.messages"),
      ],
    },
  ],
});
