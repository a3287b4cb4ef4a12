import rule from "../../rules/require-max-tokens.js";
import { createTypedRuleTester, createUntypedRuleTester, typedFile } from "../rule-tester.js";

const untyped = createUntypedRuleTester();

untyped.run("require-max-tokens", rule, {
  valid: [
    // Capped, with every accepted spelling.
    `import OpenAI from "openai";
const client = new OpenAI();
await client.chat.completions.create({ model: "gpt-4o", messages: [], max_completion_tokens: 500 });
await client.chat.completions.create({ model: "gpt-4o", messages: [], max_tokens: 500 });
await client.responses.create({ model: "gpt-4o", input: "hi", max_output_tokens: 500 });
await client.completions.create({ model: "gpt-3.5-turbo-instruct", prompt: "x", max_tokens: 16 });`,
    `import Anthropic from "@anthropic-ai/sdk";
const anthropic = new Anthropic();
await anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 1024, messages: [] });
await anthropic.beta.messages.create({ model: "claude-sonnet-4-5", max_tokens: 1024, messages: [] });`,
    `import { generateText, streamText } from "ai";
await generateText({ model, prompt: "x", maxOutputTokens: 200 });
streamText({ model, prompt: "x", maxTokens: 200 });`,
    `import { GoogleGenAI } from "@google/genai";
const ai = new GoogleGenAI({});
await ai.models.generateContent({ model: "gemini-2.5-flash", contents: "x", config: { maxOutputTokens: 256 } });`,
    `import { GoogleGenerativeAI } from "@google/generative-ai";
const model = new GoogleGenerativeAI(key).getGenerativeModel({ model: "gemini-1.5", generationConfig: { maxOutputTokens: 100 } });
await model.generateContent("x");`,
    `import { Mistral } from "@mistralai/mistralai";
await new Mistral().chat.complete({ model: "mistral-large", messages: [], maxTokens: 100 });`,
    `import { CohereClientV2 } from "cohere-ai";
await new CohereClientV2().chat({ model: "command-r", messages: [], maxTokens: 100 });`,
    `import ollama from "ollama";
await ollama.chat({ model: "llama3", messages: [], options: { num_predict: 128 } });`,
    `import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
const bedrock = new BedrockRuntimeClient({});
await bedrock.send(new ConverseCommand({ modelId: "m", messages: [], inferenceConfig: { maxTokens: 512 } }));`,
    `import { ChatOpenAI } from "@langchain/openai";
const model = new ChatOpenAI({ model: "gpt-4o", maxTokens: 300 });
await model.invoke("hi");`,
    // ChatAnthropic has a default cap of its own.
    `import { ChatAnthropic } from "@langchain/anthropic";
const model = new ChatAnthropic({ model: "claude-sonnet-4-5" });`,
    // Embeddings and token counting produce no billed output.
    `import OpenAI from "openai";
await new OpenAI().embeddings.create({ model: "text-embedding-3-small", input: "x" });`,
    `import { embed } from "ai";
await embed({ model, value: "x" });`,
    `import Anthropic from "@anthropic-ai/sdk";
await new Anthropic().messages.countTokens({ model: "claude-sonnet-4-5", messages: [] });`,
    // A const options object with the cap, or the cap added later.
    `import OpenAI from "openai";
const body = { model: "gpt-4o", messages: [], max_completion_tokens: 100 };
await new OpenAI().chat.completions.create(body);`,
    `import OpenAI from "openai";
const body = { model: "gpt-4o", messages: [] };
body.max_completion_tokens = 100;
await new OpenAI().chat.completions.create(body);`,
    // Cannot know: options from a parameter, an unresolvable spread, a computed key.
    `import OpenAI from "openai";
export function ask(options) { return new OpenAI().chat.completions.create(options); }`,
    `import OpenAI from "openai";
export function ask(defaults) { return new OpenAI().chat.completions.create({ ...defaults, model: "gpt-4o", messages: [] }); }`,
    `import OpenAI from "openai";
const key = pick();
await new OpenAI().chat.completions.create({ [key]: 100, model: "gpt-4o", messages: [] });`,
    // Lookalikes without the SDK import or without the shape: Twilio, a database, an unrelated generateText.
    `await twilio.messages.create({ body: "hi", to: "+1", from: "+2" });`,
    `await db.messages.create({ data: { text: "hi" } });`,
    `import { generateText } from "./my-text-generator";
await generateText({ model: "x", prompt: "y" });`,
    `await generateText({ model: "x", prompt: "y" });`,
    // The AI SDK cap can come from defaultSettingsMiddleware.
    `import { generateText, wrapLanguageModel, defaultSettingsMiddleware } from "ai";
const model = wrapLanguageModel({ model: base, middleware: defaultSettingsMiddleware({ settings: { maxOutputTokens: 800 } }) });
await generateText({ model, prompt: "x" });`,
    `import { generateText, defaultSettingsMiddleware } from "ai";
import { model } from "./model";
await generateText({ model, prompt: "x" });`,
    // A wrapper call is not a request site: the SDK call inside it is checked where it is written.
    `import OpenAI from "openai";
const client = new OpenAI();
async function ask(prompt) { return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: prompt }], max_completion_tokens: 100 }); }
await ask("x");`,
    // Raw HTTP with a cap in the JSON body; a non-provider URL.
    `await fetch("https://api.anthropic.com/v1/messages", { method: "POST", body: JSON.stringify({ model: "claude-sonnet-4-5", max_tokens: 100, messages: [] }) });`,
    `await fetch("https://example.com/v1/things", { method: "POST", body: JSON.stringify({ model: "x", messages: [] }) });`,
    // Conditional spreads: capped on every path, or capped only when the caller chose a cap (a path that adds
    // nothing), or built by a method the analysis cannot read.
    `import OpenAI from "openai";
const long = process.argv.includes("--long");
await new OpenAI().chat.completions.create({ model: "gpt-4o", messages: [], ...(long ? { max_tokens: 4000 } : { max_tokens: 500 }) });`,
    `import OpenAI from "openai";
export function ask(limit) { return new OpenAI().chat.completions.create({ model: "gpt-4o", messages: [], ...(limit && { max_completion_tokens: limit }) }); }`,
    `import OpenAI from "openai";
export function ask(limit) { return new OpenAI().chat.completions.create({ model: "gpt-4o", messages: [], ...(limit ? { max_completion_tokens: limit } : {}) }); }`,
    `import OpenAI from "openai";
export class Chat {
  client = new OpenAI();
  ask(n) { return this.client.chat.completions.create({ model: "gpt-4o", messages: [], ...this.prepareTokenParam(n) }); }
}`,
    // An earlier cap holds on every path of a later conditional spread; an earlier unknown spread may hold one.
    `import OpenAI from "openai";
const reasoning = process.env.REASONING === "1";
await new OpenAI().chat.completions.create({ model: "o3", messages: [], max_completion_tokens: 900, ...(reasoning ? { reasoning_effort: "low" } : { temperature: 0 }) });`,
    `import { generateText } from "ai";
export function ask(model, defaults, reasoning) {
  return generateText({ model, prompt: "x", ...defaults, ...(reasoning ? { maxCompletionTokens: 500 } : { maxOutputTokens: 500 }) });
}`,
    // Test doubles bill nothing; an agent or an Assistants run with its cap; a Mastra agent (caps go with each call).
    `import { generateText, ToolLoopAgent } from "ai";
import { MockLanguageModelV3 } from "ai/test";
const model = new MockLanguageModelV3({ doGenerate: async () => ({ content: [], finishReason: "stop", usage: {}, warnings: [] }) });
await generateText({ model, prompt: "x" });
export const agent = new ToolLoopAgent({ model, instructions: "Be brief." });`,
    `import { ToolLoopAgent, stepCountIs } from "ai";
export const agent = new ToolLoopAgent({ model, instructions: "Be brief.", tools: {}, stopWhen: stepCountIs(5), maxOutputTokens: 500 });`,
    `import OpenAI from "openai";
const openai = new OpenAI();
await openai.beta.threads.runs.createAndPoll(threadId, { assistant_id: "asst_1", max_completion_tokens: 800 });`,
    `import { Agent } from "@mastra/core/agent";
export const agent = new Agent({ name: "support", instructions: "Answer support questions.", model });`,
    // Unparseable-by-analysis but valid code never crashes.
    ``,
    `const x = new (class {})();`,
  ],
  invalid: [
    {
      code: `import OpenAI from "openai";
const client = new OpenAI();
await client.chat.completions.create({ model: "gpt-4o", messages: [] });`,
      errors: [
        {
          messageId: "missingOutputCap",
          line: 3,
          column: 31,
          data: { label: "OpenAI Chat Completions", parameter: "max_completion_tokens", value: "1024", cost: " (gpt-4o: up to 16,384 output tokens × $10/M = $0.16 a call)" },
          suggestions: [
            {
              messageId: "addOutputCap",
              data: { label: "OpenAI Chat Completions", parameter: "max_completion_tokens", value: "1024" },
              output: `import OpenAI from "openai";
const client = new OpenAI();
await client.chat.completions.create({ model: "gpt-4o", messages: [], max_completion_tokens: 1024 });`,
            },
          ],
        },
      ],
    },
    {
      // The money at stake: a model priced by the user's settings (64,000 × $4/M = $0.256); a model the code does
      // not name (a parameter) or the table does not price gets no number at all.
      code: `import Anthropic from "@anthropic-ai/sdk";
const client = new Anthropic();
export const a = () => client.messages.create({ model: "acme-large", messages: [] });
export const b = (model: string) => client.messages.create({ model, messages: [] });
export const c = () => client.messages.create({ model: "claude-unreleased-9", messages: [] });
export const d = () => client.messages.create({ model: "claude-sonnet-4-5-20250929", messages: [] });`,
      settings: { "llm-cost": { prices: { "acme-large": { input: 1, output: 4, maxOutputTokens: 64_000 } } } },
      errors: [
        { messageId: "missingOutputCap", line: 3, data: { label: "Anthropic Messages", parameter: "max_tokens", value: "1024", cost: " (acme-large: up to 64,000 output tokens × $4/M = $0.26 a call)" }, suggestions: [{ messageId: "addOutputCap", output: `import Anthropic from "@anthropic-ai/sdk";
const client = new Anthropic();
export const a = () => client.messages.create({ model: "acme-large", messages: [], max_tokens: 1024 });
export const b = (model: string) => client.messages.create({ model, messages: [] });
export const c = () => client.messages.create({ model: "claude-unreleased-9", messages: [] });
export const d = () => client.messages.create({ model: "claude-sonnet-4-5-20250929", messages: [] });` }] },
        { messageId: "missingOutputCap", line: 4, data: { label: "Anthropic Messages", parameter: "max_tokens", value: "1024", cost: "" }, suggestions: [{ messageId: "addOutputCap", output: `import Anthropic from "@anthropic-ai/sdk";
const client = new Anthropic();
export const a = () => client.messages.create({ model: "acme-large", messages: [] });
export const b = (model: string) => client.messages.create({ model, messages: [], max_tokens: 1024 });
export const c = () => client.messages.create({ model: "claude-unreleased-9", messages: [] });
export const d = () => client.messages.create({ model: "claude-sonnet-4-5-20250929", messages: [] });` }] },
        { messageId: "missingOutputCap", line: 5, data: { label: "Anthropic Messages", parameter: "max_tokens", value: "1024", cost: "" }, suggestions: [{ messageId: "addOutputCap", output: `import Anthropic from "@anthropic-ai/sdk";
const client = new Anthropic();
export const a = () => client.messages.create({ model: "acme-large", messages: [] });
export const b = (model: string) => client.messages.create({ model, messages: [] });
export const c = () => client.messages.create({ model: "claude-unreleased-9", messages: [], max_tokens: 1024 });
export const d = () => client.messages.create({ model: "claude-sonnet-4-5-20250929", messages: [] });` }] },
        // 64,000 × $15/M = $0.96.
        { messageId: "missingOutputCap", line: 6, data: { label: "Anthropic Messages", parameter: "max_tokens", value: "1024", cost: " (claude-sonnet-4-5-20250929: up to 64,000 output tokens × $15/M = $0.96 a call)" }, suggestions: [{ messageId: "addOutputCap", output: `import Anthropic from "@anthropic-ai/sdk";
const client = new Anthropic();
export const a = () => client.messages.create({ model: "acme-large", messages: [] });
export const b = (model: string) => client.messages.create({ model, messages: [] });
export const c = () => client.messages.create({ model: "claude-unreleased-9", messages: [] });
export const d = () => client.messages.create({ model: "claude-sonnet-4-5-20250929", messages: [], max_tokens: 1024 });` }] },
      ],
    },
    {
      // Multi-line object with a trailing comma keeps its layout; the option sets the value.
      code: `import OpenAI from "openai";
export class Summarizer {
  private client = new OpenAI();
  async summarize(text: string) {
    return this.client.responses.create({
      model: "gpt-4o",
      input: text,
    });
  }
}`,
      options: [{ defaultMaxTokens: 300 }],
      errors: [
        {
          messageId: "missingOutputCap",
          line: 5,
          column: 34,
          suggestions: [
            {
              messageId: "addOutputCap",
              output: `import OpenAI from "openai";
export class Summarizer {
  private client = new OpenAI();
  async summarize(text: string) {
    return this.client.responses.create({
      model: "gpt-4o",
      input: text,
      max_output_tokens: 300,
    });
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // Anthropic client as a typed constructor parameter property, no trailing comma.
      code: `import Anthropic from "@anthropic-ai/sdk";
export class Bot {
  constructor(private readonly anthropic: Anthropic) {}
  reply(messages: Anthropic.MessageParam[]) {
    return this.anthropic.messages.create({
      model: "claude-sonnet-4-5",
      messages
    });
  }
}`,
      errors: [
        {
          messageId: "missingOutputCap",
          line: 5,
          column: 36,
          suggestions: [
            {
              messageId: "addOutputCap",
              output: `import Anthropic from "@anthropic-ai/sdk";
export class Bot {
  constructor(private readonly anthropic: Anthropic) {}
  reply(messages: Anthropic.MessageParam[]) {
    return this.anthropic.messages.create({
      model: "claude-sonnet-4-5",
      messages,
      max_tokens: 1024
    });
  }
}`,
            },
          ],
        },
      ],
    },
    {
      code: `const { generateText } = require("ai");
generateText({ model, prompt: "x" });`,
      errors: [
        {
          messageId: "missingOutputCap",
          line: 2,
          column: 1,
          suggestions: [{ messageId: "addOutputCap", output: `const { generateText } = require("ai");
generateText({ model, prompt: "x", maxOutputTokens: 1024 });` }],
        },
      ],
    },
    {
      // Nested container created when missing; and completed when present.
      code: `import { GoogleGenAI } from "@google/genai";
const ai = new GoogleGenAI({});
await ai.models.generateContent({ model: "gemini-2.5-flash", contents: "x" });
await ai.models.generateContent({ model: "gemini-2.5-flash", contents: "x", config: { temperature: 0 } });`,
      errors: [
        {
          messageId: "missingOutputCap",
          line: 3,
          column: 17,
          data: { label: "Gemini generateContent", parameter: "config.maxOutputTokens", value: "1024", cost: " (gemini-2.5-flash: up to 65,536 output tokens × $2.5/M = $0.16 a call)" },
          suggestions: [
            {
              messageId: "addOutputCap",
              output: `import { GoogleGenAI } from "@google/genai";
const ai = new GoogleGenAI({});
await ai.models.generateContent({ model: "gemini-2.5-flash", contents: "x", config: { maxOutputTokens: 1024 } });
await ai.models.generateContent({ model: "gemini-2.5-flash", contents: "x", config: { temperature: 0 } });`,
            },
          ],
        },
        {
          messageId: "missingOutputCap",
          line: 4,
          column: 17,
          suggestions: [
            {
              messageId: "addOutputCap",
              output: `import { GoogleGenAI } from "@google/genai";
const ai = new GoogleGenAI({});
await ai.models.generateContent({ model: "gemini-2.5-flash", contents: "x" });
await ai.models.generateContent({ model: "gemini-2.5-flash", contents: "x", config: { temperature: 0, maxOutputTokens: 1024 } });`,
            },
          ],
        },
      ],
    },
    {
      // The fix goes into the const the call reads.
      code: `import OpenAI from "openai";
const request = { model: "gpt-4o", messages: [] };
await new OpenAI().chat.completions.create(request);`,
      errors: [
        {
          messageId: "missingOutputCap",
          line: 3,
          column: 37,
          suggestions: [
            {
              messageId: "addOutputCap",
              output: `import OpenAI from "openai";
const request = { model: "gpt-4o", messages: [], max_completion_tokens: 1024 };
await new OpenAI().chat.completions.create(request);`,
            },
          ],
        },
      ],
    },
    {
      // Shape without import: a client passed in, OpenAI path and chat body.
      code: `export async function ask(client, prompt) {
  return client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] });
}`,
      errors: [
        {
          messageId: "missingOutputCap",
          line: 2,
          column: 34,
          suggestions: [
            {
              messageId: "addOutputCap",
              output: `export async function ask(client, prompt) {
  return client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }], max_completion_tokens: 1024 });
}`,
            },
          ],
        },
      ],
    },
    {
      code: `await fetch("https://api.openai.com/v1/chat/completions", {
  method: "POST",
  body: JSON.stringify({ model: "gpt-4o", messages }),
});`,
      errors: [
        {
          messageId: "missingOutputCap",
          line: 1,
          column: 7,
          suggestions: [
            {
              messageId: "addOutputCap",
              output: `await fetch("https://api.openai.com/v1/chat/completions", {
  method: "POST",
  body: JSON.stringify({ model: "gpt-4o", messages, max_completion_tokens: 1024 }),
});`,
            },
          ],
        },
      ],
    },
    {
      code: `import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
const client = new BedrockRuntimeClient({});
await client.send(new ConverseCommand({ modelId: "anthropic.claude", messages: [] }));`,
      errors: [
        {
          messageId: "missingOutputCap",
          line: 3,
          column: 14,
          data: { label: "Bedrock Converse", parameter: "inferenceConfig.maxTokens", value: "1024", cost: "" },
          suggestions: [
            {
              messageId: "addOutputCap",
              output: `import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
const client = new BedrockRuntimeClient({});
await client.send(new ConverseCommand({ modelId: "anthropic.claude", messages: [], inferenceConfig: { maxTokens: 1024 } }));`,
            },
          ],
        },
      ],
    },
    {
      code: `import { ChatOpenAI } from "@langchain/openai";
const model = new ChatOpenAI();`,
      errors: [
        {
          messageId: "missingOutputCapOnModel",
          line: 2,
          column: 19,
          suggestions: [
            {
              messageId: "addOutputCap",
              output: `import { ChatOpenAI } from "@langchain/openai";
const model = new ChatOpenAI({ maxTokens: 1024 });`,
            },
          ],
        },
      ],
    },
    {
      // A local model bills nothing per token: the message says what the cap buys (latency), not "may bill".
      code: `import ollama from "ollama";
await ollama.chat({ model: "llama3", messages: [] });`,
      errors: [
        {
          messageId: "missingOutputCapLocal",
          line: 2,
          column: 14,
          suggestions: [
            {
              messageId: "addOutputCap",
              output: `import ollama from "ollama";
await ollama.chat({ model: "llama3", messages: [], options: { num_predict: 1024 } });`,
            },
          ],
        },
      ],
    },
    {
      code: `import { Mistral } from "@mistralai/mistralai";
const mistral = new Mistral({ apiKey });
await mistral.chat.complete({ model: "mistral-small-latest", messages: [] });`,
      errors: [
        {
          messageId: "missingOutputCap",
          line: 3,
          column: 20,
          suggestions: [
            {
              messageId: "addOutputCap",
              output: `import { Mistral } from "@mistralai/mistralai";
const mistral = new Mistral({ apiKey });
await mistral.chat.complete({ model: "mistral-small-latest", messages: [], maxTokens: 1024 });`,
            },
          ],
        },
      ],
    },
    {
      code: `import { GoogleGenerativeAI } from "@google/generative-ai";
const model = new GoogleGenerativeAI(key).getGenerativeModel({ model: "gemini-1.5-flash" });`,
      errors: [
        {
          messageId: "missingOutputCapOnModel",
          line: 2,
          column: 43,
          suggestions: [
            {
              messageId: "addOutputCap",
              output: `import { GoogleGenerativeAI } from "@google/generative-ai";
const model = new GoogleGenerativeAI(key).getGenerativeModel({ model: "gemini-1.5-flash", generationConfig: { maxOutputTokens: 1024 } });`,
            },
          ],
        },
      ],
    },
    {
      // An empty multi-line object keeps a multi-line layout.
      code: `import { CohereClientV2 } from "cohere-ai";
const cohere = new CohereClientV2({});
await cohere.chat({
});`,
      errors: [
        {
          messageId: "missingOutputCap",
          line: 3,
          column: 14,
          suggestions: [
            {
              messageId: "addOutputCap",
              output: `import { CohereClientV2 } from "cohere-ai";
const cohere = new CohereClientV2({});
await cohere.chat({
  maxTokens: 1024,
});`,
            },
          ],
        },
      ],
    },
    {
      // A conditional spread whose every path is a literal without a cap adds none.
      code: `import OpenAI from "openai";
export function ask(client: OpenAI, tools?: OpenAI.ChatCompletionTool[]) {
  return client.chat.completions.create({ model: "gpt-4o", messages: [], ...(tools ? { tools, tool_choice: "auto" } : {}) });
}`,
      errors: [
        {
          messageId: "missingOutputCap",
          line: 3,
          column: 34,
          suggestions: [
            {
              messageId: "addOutputCap",
              output: `import OpenAI from "openai";
export function ask(client: OpenAI, tools?: OpenAI.ChatCompletionTool[]) {
  return client.chat.completions.create({ model: "gpt-4o", messages: [], ...(tools ? { tools, tool_choice: "auto" } : {}), max_completion_tokens: 1024 });
}`,
            },
          ],
        },
      ],
    },
    {
      code: `import { generateObject } from "ai";
export function extract(model, schema, output) {
  return generateObject({ model, schema, prompt: "x", ...(output && { output }) });
}`,
      errors: [
        {
          messageId: "missingOutputCap",
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: "addOutputCap",
              output: `import { generateObject } from "ai";
export function extract(model, schema, output) {
  return generateObject({ model, schema, prompt: "x", ...(output && { output }), maxOutputTokens: 1024 });
}`,
            },
          ],
        },
      ],
    },
    {
      // One path spells the cap in a name this SDK does not read (maxCompletionTokens is an OpenAI parameter,
      // not an AI SDK setting): reasoning models run uncapped. The fix completes that path's literal.
      code: `import { generateText } from "ai";
export async function ask(model, prompt, isReasoning, maxTokens) {
  const tokenParams = isReasoning ? { maxCompletionTokens: maxTokens } : { maxTokens };
  const baseParams = { model, prompt, ...tokenParams, toolChoice: "none" };
  const finalParams = isReasoning ? { ...baseParams, temperature: 1 } : { ...baseParams, temperature: 0 };
  return generateText(finalParams);
}`,
      errors: [
        {
          messageId: "missingOutputCapOnPath",
          line: 6,
          column: 10,
          suggestions: [
            {
              messageId: "addOutputCap",
              output: `import { generateText } from "ai";
export async function ask(model, prompt, isReasoning, maxTokens) {
  const tokenParams = isReasoning ? { maxCompletionTokens: maxTokens, maxOutputTokens: 1024 } : { maxTokens };
  const baseParams = { model, prompt, ...tokenParams, toolChoice: "none" };
  const finalParams = isReasoning ? { ...baseParams, temperature: 1 } : { ...baseParams, temperature: 0 };
  return generateText(finalParams);
}`,
            },
          ],
        },
      ],
    },
    {
      // The AI SDK's agent: every step of its tool loop uses the constructor's settings.
      code: `import { ToolLoopAgent, stepCountIs } from "ai";
import { openai } from "@ai-sdk/openai";
export const agent = new ToolLoopAgent({ model: openai("gpt-4o"), instructions: "You are a researcher.", tools: {}, stopWhen: stepCountIs(10) });`,
      errors: [
        {
          messageId: "missingOutputCapOnModel",
          line: 3,
          column: 26,
          suggestions: [
            {
              messageId: "addOutputCap",
              output: `import { ToolLoopAgent, stepCountIs } from "ai";
import { openai } from "@ai-sdk/openai";
export const agent = new ToolLoopAgent({ model: openai("gpt-4o"), instructions: "You are a researcher.", tools: {}, stopWhen: stepCountIs(10), maxOutputTokens: 1024 });`,
            },
          ],
        },
      ],
    },
    {
      // OpenAI Assistants: the run's options are the second argument.
      code: `import OpenAI from "openai";
const openai = new OpenAI();
export const run = await openai.beta.threads.runs.create(threadId, { assistant_id: "asst_1", additional_instructions: "Be brief." });`,
      errors: [
        {
          messageId: "missingOutputCap",
          line: 3,
          column: 51,
          suggestions: [
            {
              messageId: "addOutputCap",
              output: `import OpenAI from "openai";
const openai = new OpenAI();
export const run = await openai.beta.threads.runs.create(threadId, { assistant_id: "asst_1", additional_instructions: "Be brief.", max_completion_tokens: 1024 });`,
            },
          ],
        },
      ],
    },
    // A client built for another server (an OpenAI-compatible gateway) or for Azure: max_tokens, which such servers
    // and older Azure API versions accept, rather than max_completion_tokens.
    ...[
      `import OpenAI from "openai";\nconst local = new OpenAI({ baseURL: "http://localhost:1234/v1", apiKey: "lm-studio" });\nawait local.chat.completions.create({ model: "qwen2.5", messages: [] });`,
      `import { AzureOpenAI } from "openai";\nconst azure = new AzureOpenAI({ apiVersion: "2024-06-01" });\nawait azure.chat.completions.create({ model: "gpt-4o", messages: [] });`,
      `import OpenAI from "openai";\nexport class Gateway {\n  client = new OpenAI({ baseURL: process.env.GATEWAY_URL });\n  ask() { return this.client.chat.completions.create({ model: "gpt-4o", messages: [] }); }\n}`,
    ].map((code) => ({
      code,
      errors: [
        {
          messageId: "missingOutputCap" as const,
          suggestions: [{ messageId: "addOutputCap" as const, output: code.replace("messages: [] }", "messages: [], max_tokens: 1024 }") }],
        },
      ],
    })),
    {
      code: `import { ChatOllama } from "@langchain/ollama";
export const model = new ChatOllama({ model: "llama3.1" });`,
      errors: [
        {
          messageId: "missingOutputCapLocal",
          line: 2,
          column: 26,
          suggestions: [
            {
              messageId: "addOutputCap",
              output: `import { ChatOllama } from "@langchain/ollama";
export const model = new ChatOllama({ model: "llama3.1", numPredict: 1024 });`,
            },
          ],
        },
      ],
    },
  ],
});

const typed = createTypedRuleTester();

typed.run("require-max-tokens (typed)", rule, {
  valid: [
    {
      // A lookalike declared in another package is ruled out by its type, though its options have the shape.
      filename: typedFile,
      code: `import { Sms } from "fake-sms";
const sms = new Sms();
await sms.messages.create({ model: "carrier", messages: ["hi"] });`,
    },
    {
      // The cap comes from a typed variable whose type requires it.
      filename: typedFile,
      code: `import OpenAI from "openai";
export function ask(client: OpenAI, params: { model: string; messages: []; max_completion_tokens: number }) {
  return client.chat.completions.create(params);
}`,
    },
    {
      // A spread whose type only says "optional" may or may not set it: silent.
      filename: typedFile,
      code: `import OpenAI from "openai";
export function ask(client: OpenAI, defaults: { temperature?: number; max_completion_tokens?: number }) {
  return client.chat.completions.create({ ...defaults, model: "gpt-4o", messages: [] });
}`,
    },
    {
      filename: typedFile,
      code: `import OpenAI from "openai";
const client = new OpenAI();
export const reply = await client.chat.completions.create({ model: "gpt-4o", messages: [], max_completion_tokens: 64 });`,
    },
    {
      filename: typedFile,
      code: `import Anthropic from "@anthropic-ai/sdk";
export async function ask(client: Anthropic, params: Anthropic.MessageCreateParamsNonStreaming) {
  return client.messages.create(params);
}`,
    },
  ],
  invalid: [
    {
      // A client reached through a container: only the type says it is Cohere.
      filename: typedFile,
      code: `import { CohereClientV2 } from "cohere-ai";
declare const deps: { cohere: CohereClientV2 };
export const reply = await deps.cohere.chat({ model: "command-r", messages: [] });`,
      errors: [
        {
          messageId: "missingOutputCap",
          line: 3,
          column: 40,
          suggestions: [
            {
              messageId: "addOutputCap",
              output: `import { CohereClientV2 } from "cohere-ai";
declare const deps: { cohere: CohereClientV2 };
export const reply = await deps.cohere.chat({ model: "command-r", messages: [], maxTokens: 1024 });`,
            },
          ],
        },
      ],
    },
    {
      // A spread whose type has no cap at all cannot add one.
      filename: typedFile,
      code: `import OpenAI from "openai";
export function ask(client: OpenAI, defaults: { temperature: number }) {
  return client.chat.completions.create({ ...defaults, model: "gpt-4o", messages: [] });
}`,
      errors: [
        {
          messageId: "missingOutputCap",
          line: 3,
          column: 34,
          suggestions: [
            {
              messageId: "addOutputCap",
              output: `import OpenAI from "openai";
export function ask(client: OpenAI, defaults: { temperature: number }) {
  return client.chat.completions.create({ ...defaults, model: "gpt-4o", messages: [], max_completion_tokens: 1024 });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: typedFile,
      code: `import { generateText } from "ai";
import { openai } from "@ai-sdk/openai";
export const result = await generateText({ model: openai("gpt-4o"), prompt: "Summarise" });`,
      errors: [
        {
          messageId: "missingOutputCap",
          line: 3,
          column: 29,
          suggestions: [
            {
              messageId: "addOutputCap",
              output: `import { generateText } from "ai";
import { openai } from "@ai-sdk/openai";
export const result = await generateText({ model: openai("gpt-4o"), prompt: "Summarise", maxOutputTokens: 1024 });`,
            },
          ],
        },
      ],
    },
    {
      filename: typedFile,
      code: `import OpenAI from "openai";
export async function ask(client: OpenAI, question: string) {
  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: question }] });
}`,
      errors: [
        {
          messageId: "missingOutputCap",
          line: 3,
          column: 34,
          suggestions: [
            {
              messageId: "addOutputCap",
              output: `import OpenAI from "openai";
export async function ask(client: OpenAI, question: string) {
  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: question }], max_completion_tokens: 1024 });
}`,
            },
          ],
        },
      ],
    },
  ],
});
