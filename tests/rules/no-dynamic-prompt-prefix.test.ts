import path from "node:path";
import { fileURLToPath } from "node:url";

import rule from "../../rules/no-dynamic-prompt-prefix.js";
import { createTypedRuleTester, createUntypedRuleTester, typedFile } from "../rule-tester.js";

/** 38 characters × 120 = 4,560 characters ≈ 1,140 tokens. */
const LONG = "Answer with care and cite the policy. ".repeat(120);
const SHORT = "You are a helpful assistant.";

const promptsConsumer = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "prompts", "consumer.ts");

const openaiImport = `import OpenAI from "openai";
const openai = new OpenAI();`;

const untyped = createUntypedRuleTester();

untyped.run("no-dynamic-prompt-prefix", rule, {
  valid: [
    // Short prompts are never cached anyway.
    `${openaiImport}
await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: \`Today is \${new Date().toDateString()}. ${SHORT}\` }] });`,
    // Run-time values after the static bulk.
    `${openaiImport}
await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: \`${LONG}\\n\\nToday is \${new Date().toDateString()}.\` }] });`,
    // A long enough static prefix before the run-time value still caches.
    `${openaiImport}
await openai.responses.create({ model: "gpt-4o", instructions: \`${LONG}${LONG}User: \${userName}\\n${LONG}\`, input: "hi" });`,
    // A value with no sign of changing per request (a tool list built at start-up) is left alone.
    `${openaiImport}
export const ask = (toolList) => openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: \`\${toolList}\\n${LONG}\` }] });`,
    // Not statically known.
    `${openaiImport}
export const ask = (system) => openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: system }] });`,
    `${openaiImport}
export const ask = (messages) => openai.chat.completions.create({ model: "gpt-4o", messages });`,
    // The threshold is an option.
    {
      options: [{ minTokens: 2048 }],
      code: `${openaiImport}
export const ask = (userName) => openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: \`User: \${userName}\\n${LONG}\` }] });`,
    },
    // A calendar date changes once a day: one cache miss a day, while caches expire after minutes to an hour anyway.
    `${openaiImport}
await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: \`Today is \${new Date().toDateString()}.\\n${LONG}\` }] });`,
    `${openaiImport}
const today = new Date().toLocaleDateString("en-US", { year: "numeric", month: "long", day: "numeric" });
await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: \`Today's date: \${today}\\n${LONG}\` }] });`,
    `${openaiImport}
await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: \`Date: \${new Date().toISOString().split("T")[0]} / \${new Date().toISOString().slice(0, 10)}\\n${LONG}\` }] });`,
    `${openaiImport}
import { format } from "date-fns";
import dayjs from "dayjs";
await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: \`\${format(new Date(), "yyyy-MM-dd")} \${dayjs().format("MMMM D, YYYY")} \${currentDate}\\n${LONG}\` }] });`,
    // Not an LLM call.
    `await db.messages.create({ data: { text: \`\${new Date().toISOString()} ${LONG}\` } });`,
  ],
  invalid: [
    {
      // A template literal whose first line is a date: the line moves to the end.
      code: `${openaiImport}
export const ask = (question) => openai.chat.completions.create({
  model: "gpt-4o",
  messages: [
    {
      role: "system",
      content: \`Now: \${new Date().toLocaleString()}.
${LONG}\`,
    },
    { role: "user", content: question },
  ],
});`,
      output: null,
      errors: [
        {
          messageId: "dynamicPromptPrefix",
          line: 8,
          column: 24,
          data: { where: "`messages` first message".replace("`messages` ", ""), what: "the current time", tokens: 1141, cost: " On gpt-4o, 1,000 calls pay $2.85 for these tokens uncached and $1.43 cached (hits 0.5× the input price)." },
          suggestions: [
            {
              messageId: "moveDynamicToEnd",
              output: `${openaiImport}
export const ask = (question) => openai.chat.completions.create({
  model: "gpt-4o",
  messages: [
    {
      role: "system",
      content: \`${LONG}

Now: \${new Date().toLocaleString()}.\`,
    },
    { role: "user", content: question },
  ],
});`,
            },
          ],
        },
      ],
    },
    {
      // A `+` chain with a user's name first, on Anthropic's `system`.
      code: `import Anthropic from "@anthropic-ai/sdk";
const RULES = "${LONG}";
export const reply = (user, question) => new Anthropic().messages.create({
  model: "claude-sonnet-4-5",
  max_tokens: 512,
  system: "Customer: " + user.name + "\\n" + RULES,
  messages: [{ role: "user", content: question }],
});`,
      output: null,
      errors: [
        {
          messageId: "dynamicPromptPrefix",
          line: 6,
          column: 26,
          data: { where: "`system` prompt", what: "per-user data", tokens: 1142, cost: " On claude-sonnet-4-5, 1,000 calls pay $3.43 for these tokens uncached and $0.35 cached (writes 1.25×, hits 0.1× the input price); caching pays from 2 calls within the cache's lifetime." },
          suggestions: [
            {
              messageId: "moveDynamicToEnd",
              output: `import Anthropic from "@anthropic-ai/sdk";
const RULES = "${LONG}";
export const reply = (user, question) => new Anthropic().messages.create({
  model: "claude-sonnet-4-5",
  max_tokens: 512,
  system: RULES + "\\n\\n" + "Customer: " + user.name,
  messages: [{ role: "user", content: question }],
});`,
            },
          ],
        },
      ],
    },
    {
      // A bare id on the first line gets a label when it moves; the prompt is a constant of the file.
      code: `${openaiImport}
const instructions = (requestId) => \`\${requestId}\\n${LONG}\`;
const buildInstructions = (requestId) => \`\${requestId}\\n${LONG}\`;
export const ask = (requestId, input) => {
  const prompt = \`\${requestId}\\n${LONG}\`;
  return openai.responses.create({ model: "gpt-4o", instructions: prompt, input });
};`,
      output: null,
      errors: [
        {
          messageId: "dynamicPromptPrefix",
          line: 6,
          column: 21,
          data: { where: "`instructions` prompt", what: "a per-request id or random value", tokens: 1140, cost: " On gpt-4o, 1,000 calls pay $2.85 for these tokens uncached and $1.43 cached (hits 0.5× the input price)." },
          suggestions: [
            {
              messageId: "moveDynamicToEnd",
              output: `${openaiImport}
const instructions = (requestId) => \`\${requestId}\\n${LONG}\`;
const buildInstructions = (requestId) => \`\${requestId}\\n${LONG}\`;
export const ask = (requestId, input) => {
  const prompt = \`${LONG}\\n\\nRequest ID: \${requestId}\`;
  return openai.responses.create({ model: "gpt-4o", instructions: prompt, input });
};`,
            },
          ],
        },
      ],
    },
    {
      // The static bulk is a constant inserted after the line break: the line still moves.
      code: `${openaiImport}
const RULES = "${LONG}";
export const ask = (question) => openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: \`Time: \${new Date().toISOString()}.\\n\${RULES}\` }, { role: "user", content: question }] });`,
      output: null,
      errors: [
        {
          messageId: "dynamicPromptPrefix",
          line: 4,
          column: 131,
          suggestions: [
            {
              messageId: "moveDynamicToEnd",
              output: `${openaiImport}
const RULES = "${LONG}";
export const ask = (question) => openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: \`\${RULES}\\n\\nTime: \${new Date().toISOString()}.\` }, { role: "user", content: question }] });`,
            },
          ],
        },
      ],
    },
    {
      // A prompt imported from another module: reported where it is used, nothing to move here.
      filename: promptsConsumer,
      code: `import { generateText } from "ai";
import { openai } from "@ai-sdk/openai";
import { DATED_PROMPT } from "./support-prompt.js";
export const reply = (prompt: string) => generateText({ model: openai("gpt-4o"), system: DATED_PROMPT, prompt, maxOutputTokens: 300 });`,
      output: null,
      errors: [{ messageId: "dynamicPromptPrefix", line: 4, column: 90, data: { where: "`system` prompt", what: "the current time", tokens: 1124, cost: " On gpt-4o, 1,000 calls pay $2.81 for these tokens uncached and $1.41 cached (hits 0.5× the input price)." }, suggestions: [] }],
    },
    {
      // Gemini's system instruction, and a first message with no system prompt.
      code: `import { GoogleGenAI } from "@google/genai";
const ai = new GoogleGenAI({});
export const ask = (contents) => ai.models.generateContent({ model: "gemini-2.5-flash", contents, config: { systemInstruction: \`\${Date.now()} ${LONG}\` } });
export const first = () => ai.models.generateContent({ model: "gemini-2.5-flash", contents: [{ role: "user", parts: [{ text: \`Session \${crypto.randomUUID()}. ${LONG}\` }] }] });`,
      output: null,
      errors: [
        { messageId: "dynamicPromptPrefix", line: 3, column: 131, data: { where: "`config.systemInstruction` prompt", what: "the current time", tokens: 1140, cost: " On gemini-2.5-flash, 1,000 calls pay $0.34 for these tokens uncached and $0.035 cached (hits 0.1× the input price)." }, suggestions: [] },
        { messageId: "dynamicPromptPrefix", line: 4, column: 137, data: { where: "first message", what: "a per-request id or random value", tokens: 1142, cost: " On gemini-2.5-flash, 1,000 calls pay $0.34 for these tokens uncached and $0.035 cached (hits 0.1× the input price)." }, suggestions: [] },
      ],
    },
  ],
});

const typed = createTypedRuleTester();

typed.run("no-dynamic-prompt-prefix (typed)", rule, {
  valid: [
    {
      filename: typedFile,
      code: `import Anthropic from "@anthropic-ai/sdk";
export async function ask(client: Anthropic, userName: string, question: string) {
  return client.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: 256,
    system: \`${LONG}\\n\\nThe user's name is \${userName}.\`,
    messages: [{ role: "user", content: question }],
  });
}`,
    },
  ],
  invalid: [
    {
      filename: typedFile,
      code: `import Anthropic from "@anthropic-ai/sdk";
export async function ask(client: Anthropic, userName: string, question: string) {
  return client.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: 256,
    system: \`The user's name is \${userName}.\\n${LONG}\`,
    messages: [{ role: "user", content: question }],
  });
}`,
      output: null,
      errors: [
        {
          messageId: "dynamicPromptPrefix",
          line: 6,
          column: 35,
          suggestions: [
            {
              messageId: "moveDynamicToEnd",
              output: `import Anthropic from "@anthropic-ai/sdk";
export async function ask(client: Anthropic, userName: string, question: string) {
  return client.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: 256,
    system: \`${LONG}\\n\\nThe user's name is \${userName}.\`,
    messages: [{ role: "user", content: question }],
  });
}`,
            },
          ],
        },
      ],
    },
  ],
});
