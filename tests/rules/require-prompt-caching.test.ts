import path from "node:path";
import { fileURLToPath } from "node:url";

import rule from "../../rules/require-prompt-caching.js";
import { createTypedRuleTester, createUntypedRuleTester, typedFile } from "../rule-tester.js";

/** 38 characters × 120 = 4,560 characters ≈ 1,140 tokens: over 1,024, under 2,048. */
const LONG = "Answer with care and cite the policy. ".repeat(120);
/** The message's reason for the length it reports, when it is the model's own cache minimum. */
const modelMinimum = (tokens: number): string => `this model caches from ${tokens.toLocaleString("en-US")} tokens`;

/** ≈ 2,280 tokens: over the Haiku 3.5 minimum of 2,048. */
const LONGER = LONG + LONG;
const SHORT = "You are a helpful assistant.";
/**
 * The money line for LONG (1,140 tokens) on a $3/M Sonnet, by hand: uncached 1,000 × 1,140 × $3/M = $3.42; cached
 * 1,140 × $3.75/M + 999 × 1,140 × $0.30/M = $0.0043 + $0.3417 = $0.35; (3.75 − 0.3) / (3 − 0.3) = 1.28, so 2 calls.
 */
const sonnetCost = (model: string): string =>
  ` On ${model}, 1,000 calls pay $3.42 for these tokens uncached and $0.35 cached (writes 1.25×, hits 0.1× the input price); caching pays from 2 calls within the cache's lifetime.`;

const promptsConsumer = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "prompts", "consumer.ts");
const builderConsumer = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "prompts", "builder", "consumer.ts");

const anthropicImport = `import Anthropic from "@anthropic-ai/sdk";
const client = new Anthropic();`;

const untyped = createUntypedRuleTester();

untyped.run("require-prompt-caching", rule, {
  valid: [
    // A constant from a package is not read without type information: its text is unknown, so the rule is silent.
    `import Anthropic from "@anthropic-ai/sdk";
import { SUPPORT_PROMPT } from "fake-prompts";
export const ask = (client: Anthropic, question: string) => client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 256, system: SUPPORT_PROMPT, messages: [{ role: "user", content: question }] });`,
    // Short prompts are below every minimum.
    `${anthropicImport}
await client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 100, system: "${SHORT}", messages: [] });`,
    // Already cached: on a system block, at top level, on a tool, on a message.
    `${anthropicImport}
await client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 100, system: [{ type: "text", text: "${LONG}", cache_control: { type: "ephemeral" } }], messages: [] });`,
    `${anthropicImport}
await client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 100, cache_control: { type: "ephemeral" }, system: "${LONG}", messages: [] });`,
    `${anthropicImport}
await client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 100, system: "${LONG}", tools: [{ name: "t", input_schema: { type: "object" }, cache_control: { type: "ephemeral" } }], messages: [] });`,
    `${anthropicImport}
await client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 100, system: "${LONG}", messages: [{ role: "user", content: [{ type: "text", text: "hi", cache_control: { type: "ephemeral" } }] }] });`,
    // Messages built elsewhere in a file that adds cache markers: they may carry one.
    `${anthropicImport}
function withCacheBreakpoint(history) { const last = history.at(-1); last.content[0].cache_control = { type: "ephemeral" }; return history; }
export async function reply(history) {
  return client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 100, system: "${LONG}", messages: withCacheBreakpoint(history) });
}`,
    // Not statically known: a parameter, a call, options from a parameter, an unresolvable spread.
    `${anthropicImport}
export const ask = (system, messages) => client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 100, system, messages });`,
    `${anthropicImport}
await client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 100, system: loadPrompt(), messages: [] });`,
    `${anthropicImport}
export const ask = (params) => client.messages.create(params);`,
    `${anthropicImport}
export const ask = (defaults) => client.messages.create({ ...defaults, model: "claude-sonnet-4-5", max_tokens: 100, system: "${LONG}", messages: [] });`,
    // Opus 4.5 caches from 4,096 tokens; Haiku 3.5 from 2,048.
    `${anthropicImport}
await client.messages.create({ model: "claude-opus-4-5", max_tokens: 100, system: "${LONG}", messages: [] });`,
    `${anthropicImport}
await client.messages.create({ model: "claude-3-5-haiku-latest", max_tokens: 100, system: "${LONG}", messages: [] });`,
    // A time stamp in front: nothing before it is long enough to cache (no-dynamic-prompt-prefix reports this).
    `${anthropicImport}
await client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 100, system: \`Today is \${new Date().toDateString()}. ${LONG}\`, messages: [] });`,
    // OpenAI and Gemini cache prefixes by themselves.
    `import OpenAI from "openai";
await new OpenAI().chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: "${LONG}" }] });
await new OpenAI().responses.create({ model: "gpt-4o", instructions: "${LONG}", input: "hi" });`,
    `import { GoogleGenAI } from "@google/genai";
await new GoogleGenAI({}).models.generateContent({ model: "gemini-2.5-flash", contents: "hi", config: { systemInstruction: "${LONG}" } });`,
    // Bedrock: a model that cannot cache, a model id that is not static, a cache point already there.
    `import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
const bedrock = new BedrockRuntimeClient({});
await bedrock.send(new ConverseCommand({ modelId: "meta.llama3-70b-instruct-v1:0", system: [{ text: "${LONG}" }], messages: [] }));
await bedrock.send(new ConverseCommand({ modelId: process.env.MODEL_ID, system: [{ text: "${LONG}" }], messages: [] }));
await bedrock.send(new ConverseCommand({ modelId: "anthropic.claude-3-7-sonnet-20250219-v1:0", system: [{ text: "${LONG}" }, { cachePoint: { type: "default" } }], messages: [] }));`,
    // AI SDK: a provider that caches by itself, a model from a parameter, markers already present.
    `import { generateText } from "ai";
import { openai } from "@ai-sdk/openai";
await generateText({ model: openai("gpt-4o"), system: "${LONG}", prompt: "hi" });`,
    `import { generateText } from "ai";
export const ask = (model) => generateText({ model, system: "${LONG}", prompt: "hi" });`,
    `import { generateText } from "ai";
import { anthropic } from "@ai-sdk/anthropic";
await generateText({ model: anthropic("claude-sonnet-4-5"), providerOptions: { anthropic: { cacheControl: { type: "ephemeral" } } }, system: "${LONG}", prompt: "hi" });
await generateText({ model: anthropic("claude-sonnet-4-5"), messages: [{ role: "system", content: "${LONG}", providerOptions: { anthropic: { cacheControl: { type: "ephemeral" } } } }] });`,
    // Lookalikes: not an Anthropic client.
    `await twilio.messages.create({ body: "${LONG}", to: "+1", from: "+2" });`,
  ],
  invalid: [
    {
      // A string system prompt becomes a cached text block.
      code: `${anthropicImport}
await client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 100, system: "${LONG}", messages: [] });`,
      output: `${anthropicImport}
await client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 100, system: [{ type: "text", text: "${LONG}", cache_control: { type: "ephemeral" } }], messages: [] });`,
      errors: [{ messageId: "missingCacheControl", line: 3, column: 77, data: { label: "Anthropic Messages", tokens: 1140, threshold: modelMinimum(1024), cost: sonnetCost("claude-sonnet-4-5") } }],
    },
    {
      // A shorthand property naming a constant; an unknown model gets the lowest minimum; `beta.messages.stream`.
      code: `${anthropicImport}
const system = \`${LONG}\`;
const stream = client.beta.messages.stream({ model: process.env.MODEL, max_tokens: 100, system, messages: [] });`,
      output: `${anthropicImport}
const system = \`${LONG}\`;
const stream = client.beta.messages.stream({ model: process.env.MODEL, max_tokens: 100, system: [{ type: "text", text: system, cache_control: { type: "ephemeral" } }], messages: [] });`,
      errors: [{ messageId: "missingCacheControl", line: 4, column: 89 }],
    },
    {
      // A block list: the marker goes on the last block of the static run, before the run-time block.
      code: `${anthropicImport}
export async function reply(userName, question) {
  return client.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: 100,
    system: [
      { type: "text", text: "${SHORT}" },
      { type: "text", text: "${LONG}" },
      { type: "text", text: \`The user is \${userName}.\` },
    ],
    messages: [{ role: "user", content: question }],
  });
}`,
      output: `${anthropicImport}
export async function reply(userName, question) {
  return client.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: 100,
    system: [
      { type: "text", text: "${SHORT}" },
      { type: "text", text: "${LONG}", cache_control: { type: "ephemeral" } },
      { type: "text", text: \`The user is \${userName}.\` },
    ],
    messages: [{ role: "user", content: question }],
  });
}`,
      errors: [{ messageId: "missingCacheControl", line: 7, column: 5 }],
    },
    {
      // Run-time values at the end of the only block: a suggestion, since the cache only hits while they repeat.
      code: `${anthropicImport}
export const reply = (userName) => client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 100, system: \`${LONG}The user is \${userName}.\`, messages: [] });`,
      output: null,
      errors: [
        {
          messageId: "missingCacheControl",
          line: 3,
          column: 106,
          suggestions: [
            {
              messageId: "addCacheControl",
              output: `${anthropicImport}
export const reply = (userName) => client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 100, system: [{ type: "text", text: \`${LONG}The user is \${userName}.\`, cache_control: { type: "ephemeral" } }], messages: [] });`,
            },
          ],
        },
      ],
    },
    {
      // A prompt constant imported from a relative module is read from disk.
      filename: promptsConsumer,
      code: `${anthropicImport}
import { SUPPORT_PROMPT } from "./support-prompt.js";
export const reply = (question: string) =>
  client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 512, system: SUPPORT_PROMPT, messages: [{ role: "user", content: question }] });`,
      output: `${anthropicImport}
import { SUPPORT_PROMPT } from "./support-prompt.js";
export const reply = (question: string) =>
  client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 512, system: [{ type: "text", text: SUPPORT_PROMPT, cache_control: { type: "ephemeral" } }], messages: [{ role: "user", content: question }] });`,
      errors: [{ messageId: "missingCacheControl", line: 5, column: 73, data: { label: "Anthropic Messages", tokens: 1122, threshold: modelMinimum(1024), cost: " On claude-sonnet-4-5, 1,000 calls pay $3.37 for these tokens uncached and $0.34 cached (writes 1.25×, hits 0.1× the input price); caching pays from 2 calls within the cache's lifetime." } }],
    },
    {
      // Options in an untyped constant: the literals need `as const` to keep their types in a TypeScript file.
      filename: "file.ts",
      code: `${anthropicImport}
const params = { model: "claude-sonnet-4-5", max_tokens: 100, system: "${LONG}", messages: [] };
await client.messages.create(params);`,
      output: `${anthropicImport}
const params = { model: "claude-sonnet-4-5", max_tokens: 100, system: [{ type: "text" as const, text: "${LONG}", cache_control: { type: "ephemeral" as const } }], messages: [] };
await client.messages.create(params);`,
      errors: [{ messageId: "missingCacheControl", line: 3, column: 63 }],
    },
    {
      // Haiku 3.5 caches from 2,048 tokens; the option lowers the threshold for short prompts.
      code: `${anthropicImport}
await client.messages.create({ model: "claude-3-5-haiku-latest", max_tokens: 100, system: "${LONGER}", messages: [] });`,
      output: `${anthropicImport}
await client.messages.create({ model: "claude-3-5-haiku-latest", max_tokens: 100, system: [{ type: "text", text: "${LONGER}", cache_control: { type: "ephemeral" } }], messages: [] });`,
      errors: [{ messageId: "missingCacheControl", data: { label: "Anthropic Messages", tokens: 2280, threshold: modelMinimum(2048), cost: " On claude-3-5-haiku-latest, 1,000 calls pay $1.82 for these tokens uncached and $0.18 cached (writes 1.25×, hits 0.1× the input price); caching pays from 2 calls within the cache's lifetime." } }],
    },
    {
      options: [{ minTokens: 5 }],
      code: `${anthropicImport}
await client.messages.create({ model: "claude-opus-4-5", max_tokens: 100, system: "${SHORT}", messages: [] });`,
      output: `${anthropicImport}
await client.messages.create({ model: "claude-opus-4-5", max_tokens: 100, system: [{ type: "text", text: "${SHORT}", cache_control: { type: "ephemeral" } }], messages: [] });`,
      errors: [{ messageId: "missingCacheControl", data: { label: "Anthropic Messages", tokens: 7, threshold: "reported from 5 tokens by the `minTokens` option", cost: " On claude-opus-4-5, 1,000 calls pay $0.035 for these tokens uncached and $0.0035 cached (writes 1.25×, hits 0.1× the input price); caching pays from 2 calls within the cache's lifetime." } }],
    },
    {
      // Every request of a batch.
      code: `${anthropicImport}
export const submit = (questions) => client.messages.batches.create({
  requests: questions.map((question, index) => ({
    custom_id: String(index),
    params: { model: "claude-sonnet-4-5", max_tokens: 100, system: "${LONG}", messages: [{ role: "user", content: question }] },
  })),
});`,
      output: `${anthropicImport}
export const submit = (questions) => client.messages.batches.create({
  requests: questions.map((question, index) => ({
    custom_id: String(index),
    params: { model: "claude-sonnet-4-5", max_tokens: 100, system: [{ type: "text", text: "${LONG}", cache_control: { type: "ephemeral" } }], messages: [{ role: "user", content: question }] },
  })),
});`,
      errors: [{ messageId: "missingCacheControl", line: 6, column: 60 }],
    },
    {
      // Bedrock Converse: a cache point block after the static text.
      code: `import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
const bedrock = new BedrockRuntimeClient({});
export const reply = (question) =>
  bedrock.send(new ConverseCommand({
    modelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
    system: [{ text: "${LONG}" }],
    messages: [{ role: "user", content: [{ text: question }] }],
  }));`,
      output: `import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
const bedrock = new BedrockRuntimeClient({});
export const reply = (question) =>
  bedrock.send(new ConverseCommand({
    modelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
    system: [{ text: "${LONG}" }, { cachePoint: { type: "default" } }],
    messages: [{ role: "user", content: [{ text: question }] }],
  }));`,
      errors: [{ messageId: "missingCachePoint", line: 6, column: 5, data: { label: "Bedrock Converse", tokens: 1140, threshold: modelMinimum(1024), cost: sonnetCost("us.anthropic.claude-sonnet-4-5-20250929-v1:0") } }],
    },
    {
      // AI SDK with an Anthropic model and a text prompt: a suggestion to move the system prompt into a cached message.
      code: `import { generateText } from "ai";
import { anthropic } from "@ai-sdk/anthropic";
export const reply = (question) => generateText({ model: anthropic("claude-sonnet-4-5"), system: "${LONG}", prompt: question });`,
      output: null,
      errors: [
        {
          messageId: "missingProviderCacheOption",
          line: 3,
          column: 90,
          data: { key: "system", provider: "anthropic", marker: "cacheControl", tokens: 1140, threshold: modelMinimum(1024), cost: sonnetCost("claude-sonnet-4-5") },
          suggestions: [
            {
              messageId: "moveToCachedSystemMessage",
              output: `import { generateText } from "ai";
import { anthropic } from "@ai-sdk/anthropic";
export const reply = (question) => generateText({ model: anthropic("claude-sonnet-4-5"), messages: [{ role: "system", content: "${LONG}", providerOptions: { anthropic: { cacheControl: { type: "ephemeral" } } } }, { role: "user", content: question }] });`,
            },
          ],
        },
      ],
    },
    {
      // A model made by createAnthropic, a message list, and `instructions` (AI SDK 7).
      code: `import { streamText } from "ai";
import { createAnthropic } from "@ai-sdk/anthropic";
const provider = createAnthropic({ apiKey: process.env.KEY });
const model = provider("claude-opus-4-1");
export const reply = (history) =>
  streamText({
    model,
    instructions: "${LONG}",
    messages: [...history],
  });`,
      output: null,
      errors: [
        {
          messageId: "missingProviderCacheOption",
          line: 8,
          column: 5,
          suggestions: [
            {
              messageId: "moveToCachedSystemMessage",
              output: `import { streamText } from "ai";
import { createAnthropic } from "@ai-sdk/anthropic";
const provider = createAnthropic({ apiKey: process.env.KEY });
const model = provider("claude-opus-4-1");
export const reply = (history) =>
  streamText({
    model,
    messages: [{ role: "system", content: "${LONG}", providerOptions: { anthropic: { cacheControl: { type: "ephemeral" } } } }, ...history],
  });`,
            },
          ],
        },
      ],
    },
    {
      // A marker named only in a comment, or in a sibling request, marks nothing: the request's own data decides.
      code: `import { generateText } from "ai";
import { anthropic } from "@ai-sdk/anthropic";
// TODO: add cacheControl to the system prompt
export const cached = (q) => generateText({ model: anthropic("claude-sonnet-4-5"), messages: [{ role: "system", content: "x", providerOptions: { anthropic: { cacheControl: { type: "ephemeral" } } } }, { role: "user", content: q }] });
export const reply = (history) => generateText({ model: anthropic("claude-sonnet-4-5"), system: "${LONG}", messages: history });`,
      output: null,
      errors: [
        {
          messageId: "missingProviderCacheOption",
          line: 5,
          column: 89,
          suggestions: [
            {
              messageId: "moveToCachedSystemMessage",
              output: `import { generateText } from "ai";
import { anthropic } from "@ai-sdk/anthropic";
// TODO: add cacheControl to the system prompt
export const cached = (q) => generateText({ model: anthropic("claude-sonnet-4-5"), messages: [{ role: "system", content: "x", providerOptions: { anthropic: { cacheControl: { type: "ephemeral" } } } }, { role: "user", content: q }] });
export const reply = (history) => generateText({ model: anthropic("claude-sonnet-4-5"), messages: [{ role: "system", content: "${LONG}", providerOptions: { anthropic: { cacheControl: { type: "ephemeral" } } } }, ...history] });`,
            },
          ],
        },
      ],
    },
    {
      // A cache marker for another provider is no marker: @ai-sdk/anthropic ignores providerOptions.bedrock.
      code: `import { generateText } from "ai";
import { anthropic } from "@ai-sdk/anthropic";
export const reply = (history) => generateText({ model: anthropic("claude-sonnet-4-5"), system: "${LONG}", messages: history, providerOptions: { bedrock: { cachePoint: { type: "default" } } } });`,
      output: null,
      errors: [
        {
          messageId: "missingProviderCacheOption",
          line: 3,
          column: 89,
          suggestions: [
            {
              messageId: "moveToCachedSystemMessage",
              output: `import { generateText } from "ai";
import { anthropic } from "@ai-sdk/anthropic";
export const reply = (history) => generateText({ model: anthropic("claude-sonnet-4-5"), messages: [{ role: "system", content: "${LONG}", providerOptions: { anthropic: { cacheControl: { type: "ephemeral" } } } }, ...history], providerOptions: { bedrock: { cachePoint: { type: "default" } } } });`,
            },
          ],
        },
      ],
    },
    {
      // bolt.new's shape: a model factory and a prompt builder (default parameter, constants two modules away) in other modules.
      filename: builderConsumer,
      code: `import { streamText } from "ai";
import { getAnthropicModel } from "./model.js";
import { getSystemPrompt } from "./prompts.js";
export const chat = (messages, key) => streamText({ model: getAnthropicModel(key), system: getSystemPrompt(), messages });`,
      output: null,
      errors: [
        {
          messageId: "missingProviderCacheOption",
          line: 4,
          column: 84,
          suggestions: [
            {
              messageId: "moveToCachedSystemMessage",
              output: `import { streamText } from "ai";
import { getAnthropicModel } from "./model.js";
import { getSystemPrompt } from "./prompts.js";
export const chat = (messages, key) => streamText({ model: getAnthropicModel(key), messages: [{ role: "system", content: getSystemPrompt(), providerOptions: { anthropic: { cacheControl: { type: "ephemeral" } } } }, ...messages] });`,
            },
          ],
        },
      ],
    },
    {
      // AI SDK on Bedrock: the Bedrock cache point, for a model that caches.
      code: `import { generateText } from "ai";
import { bedrock } from "@ai-sdk/amazon-bedrock";
export const reply = (history) => generateText({ model: bedrock("anthropic.claude-3-7-sonnet-20250219-v1:0"), system: "${LONG}", messages: history });`,
      output: null,
      errors: [
        {
          messageId: "missingProviderCacheOption",
          data: { key: "system", provider: "bedrock", marker: "cachePoint", tokens: 1140, threshold: modelMinimum(1024), cost: sonnetCost("anthropic.claude-3-7-sonnet-20250219-v1:0") },
          suggestions: [
            {
              messageId: "moveToCachedSystemMessage",
              output: `import { generateText } from "ai";
import { bedrock } from "@ai-sdk/amazon-bedrock";
export const reply = (history) => generateText({ model: bedrock("anthropic.claude-3-7-sonnet-20250219-v1:0"), messages: [{ role: "system", content: "${LONG}", providerOptions: { bedrock: { cachePoint: { type: "default" } } } }, ...history] });`,
            },
          ],
        },
      ],
    },
  ],
});

const typed = createTypedRuleTester();

typed.run("require-prompt-caching (typed)", rule, {
  valid: [
    {
      // Short, or one of several literals: nothing to cache, or nothing known.
      filename: typedFile,
      code: `import Anthropic from "@anthropic-ai/sdk";
import { GREETING, TONE } from "fake-prompts";
export const ask = (client: Anthropic) => client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 256, system: GREETING, messages: [{ role: "user", content: TONE }] });`,
    },
    {
      filename: typedFile,
      code: `import Anthropic from "@anthropic-ai/sdk";
export async function ask(client: Anthropic, system: string, question: string) {
  return client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 256, system, messages: [{ role: "user", content: question }] });
}`,
    },
    {
      filename: typedFile,
      code: `import Anthropic from "@anthropic-ai/sdk";
const client = new Anthropic();
export const reply = await client.messages.create({
  model: "claude-sonnet-4-5",
  max_tokens: 256,
  system: [{ type: "text", text: "${LONG}", cache_control: { type: "ephemeral", ttl: "1h" } }],
  messages: [{ role: "user", content: "hi" }],
});`,
    },
  ],
  invalid: [
    {
      // A prompt constant of a package: only its literal type says what the text is.
      filename: typedFile,
      code: `import Anthropic from "@anthropic-ai/sdk";
import { SUPPORT_PROMPT } from "fake-prompts";
export async function ask(client: Anthropic, question: string) {
  return client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 256, system: SUPPORT_PROMPT, messages: [{ role: "user", content: question }] });
}`,
      output: `import Anthropic from "@anthropic-ai/sdk";
import { SUPPORT_PROMPT } from "fake-prompts";
export async function ask(client: Anthropic, question: string) {
  return client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 256, system: [{ type: "text", text: SUPPORT_PROMPT, cache_control: { type: "ephemeral" } }], messages: [{ role: "user", content: question }] });
}`,
      errors: [{ messageId: "missingCacheControl", line: 4, column: 80 }],
    },
    {
      filename: typedFile,
      code: `import Anthropic from "@anthropic-ai/sdk";
const SYSTEM_PROMPT = \`${LONG}\`;
export async function ask(client: Anthropic, question: string) {
  return client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 256, system: SYSTEM_PROMPT, messages: [{ role: "user", content: question }] });
}`,
      output: `import Anthropic from "@anthropic-ai/sdk";
const SYSTEM_PROMPT = \`${LONG}\`;
export async function ask(client: Anthropic, question: string) {
  return client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 256, system: [{ type: "text", text: SYSTEM_PROMPT, cache_control: { type: "ephemeral" } }], messages: [{ role: "user", content: question }] });
}`,
      errors: [{ messageId: "missingCacheControl", line: 4, column: 80 }],
    },
    {
      filename: typedFile,
      code: `import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
const client = new BedrockRuntimeClient({});
const system = [{ text: "${LONG}" }];
export const reply = await client.send(new ConverseCommand({ modelId: "amazon.nova-pro-v1:0", system, messages: [] }));`,
      output: `import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
const client = new BedrockRuntimeClient({});
const system = [{ text: "${LONG}" }, { cachePoint: { type: "default" as const } }];
export const reply = await client.send(new ConverseCommand({ modelId: "amazon.nova-pro-v1:0", system, messages: [] }));`,
      errors: [{ messageId: "missingCachePoint", line: 4, column: 95 }],
    },
  ],
});
