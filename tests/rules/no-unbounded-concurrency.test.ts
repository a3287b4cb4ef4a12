import type { InvalidTestCase, ValidTestCase } from "@typescript-eslint/rule-tester";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { afterAll, describe } from "vitest";

import rule, { type MessageIds, type Options } from "../../rules/no-unbounded-concurrency.js";
import { createRuntimeProjects, type RuntimeProjectKind } from "../analysis/runtime-projects.js";
import { createUntypedRuleTester } from "../rule-tester.js";
import { runRuleCasesWithFixedCodeChecks } from "../rules-fixed-code.js";

const valid: ValidTestCase<Options>[] = [
  { code: `// test doubles bill nothing
import { generateText } from "ai";
import { MockLanguageModelV3 } from "ai/test";
const model = new MockLanguageModelV3({});
export const runAll = (prompts: string[]) => Promise.all(prompts.map((prompt) => generateText({ model, prompt })));
` },
  // LangChain `batch` with a limit in its options, in its batch options, or on the model; a model built out of sight; a fixed list
  { code: `import { ChatOpenAI } from "@langchain/openai";
const model = new ChatOpenAI({ model: "gpt-4o-mini", maxTokens: 200 });
export const a = (tickets: string[]) => model.batch(tickets, { maxConcurrency: 2 });
export const b = (tickets: string[]) => model.batch(tickets, {}, { maxConcurrency: 2 });
export const c = () => model.batch(["one", "two"]);
` },
  { code: `import { ChatOpenAI } from "@langchain/openai";
const model = new ChatOpenAI({ model: "gpt-4o-mini", maxTokens: 200, maxConcurrency: 2 });
export const classifyAll = (tickets: string[]) => model.batch(tickets);
` },
  { code: `// a composition whose model sets its own limit, and one whose model is built out of sight
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { ChatOpenAI } from "@langchain/openai";
const limited = new ChatOpenAI({ model: "gpt-4o-mini", maxTokens: 200, maxConcurrency: 2 });
const prompt = ChatPromptTemplate.fromTemplate("Summarise {topic}");
export const a = (topics: string[]) => prompt.pipe(limited).batch(topics.map((topic) => ({ topic })));
export const b = (model: ChatOpenAI, topics: string[]) => prompt.pipe(model).batch(topics.map((topic) => ({ topic })));
` },
  { code: `// not LangChain: a database's own batch (Cloudflare D1) is no LLM fan-out
export const saveAll = (db: { batch(statements: unknown[]): Promise<unknown> }, rows: string[], insert: (row: string) => unknown) => db.batch(rows.map(insert));
` },
  { code: `import type { ChatOpenAI } from "@langchain/openai";
export const classifyAll = (model: ChatOpenAI, tickets: string[]) => model.batch(tickets);
` },
  {
    // a parameter named `batch` is one slice of a larger list
    code: `import OpenAI from "openai";

const client = new OpenAI();

export async function summarizeBatch(batch: string[]) {
  return Promise.all(batch.map((text) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: text }] })));
}
`,
  },
    {
      // file reads are not LLM calls
      code: `import { readFile } from "node:fs/promises";

export async function load(files: string[]) {
  return Promise.all(files.map((file) => readFile(file, "utf8")));
}
`,
    },
    {
      // database queries are not LLM calls
      code: `export async function users(db: any, ids: string[]) {
  return Promise.all(ids.map((id) => db.user.findUnique({ where: { id } })));
}
`,
    },
    {
      // an unknown callback stays silent
      code: `import { handle } from "./handle.js";

export async function run(items: string[]) {
  await Promise.all(items.map(handle));
}
`,
    },
    {
      // Twilio's messages.create is not an LLM call
      code: `export async function notify(twilio: any, numbers: string[]) {
  await Promise.all(numbers.map((to) => twilio.messages.create({ body: "hi", to, from: "+1555" })));
}
`,
    },
    {
      // a fixed tuple of models
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function compare(prompt: string) {
  return Promise.all(["gpt-4o", "gpt-4o-mini"].map((model) => client.chat.completions.create({ model, messages: [{ role: "user", content: prompt }] })));
}
`,
    },
    {
      // an array literal of two calls
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function both(a: string, b: string) {
  return Promise.all([client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: a }] }), client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: b }] })]);
}
`,
    },
    {
      // a const array of three
      code: `import OpenAI from "openai";

const client = new OpenAI();

const TONES = ["formal", "casual", "terse"] as const;

export async function rewrite(text: string) {
  return Promise.all(TONES.map((tone) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: \`\${tone}: \${text}\` }] })));
}
`,
    },
    {
      // a declared tuple
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function pair(prompts: [string, string]) {
  return Promise.all(prompts.map((p) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] })));
}
`,
    },
    {
      // Object.entries of a small object literal
      code: `import OpenAI from "openai";

const client = new OpenAI();

const PROMPTS = { title: "Write a title", summary: "Summarise" };

export async function fill(text: string) {
  return Promise.all(Object.entries(PROMPTS).map(([key, prompt]) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt + text }] }).then((r) => [key, r] as const)));
}
`,
    },
    {
      // Array.from with a static length
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function samples(prompt: string) {
  return Promise.all(Array.from({ length: 3 }, () => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] })));
}
`,
    },
    {
      // chunked batches
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function run(prompts: string[]) {
  const results = [];
  for (let i = 0; i < prompts.length; i += 5) {
    results.push(...(await Promise.all(prompts.slice(i, i + 5).map((p) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] })))));
  }
  return results;
}
`,
    },
    {
      // a chunk held in a const
      code: `import OpenAI from "openai";

const client = new OpenAI();

const BATCH = 8;

export async function run(prompts: string[]) {
  for (let start = 0; start < prompts.length; start += BATCH) {
    const batch = prompts.slice(start, start + BATCH);
    await Promise.all(batch.map((p) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] })));
  }
}
`,
    },
    {
      // batches from a chunk helper
      code: `import OpenAI from "openai";

const client = new OpenAI();

import { chunk } from "lodash-es";

export async function run(prompts: string[]) {
  for (const group of chunk(prompts, 10)) {
    await Promise.all(group.map((p) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] })));
  }
}
`,
    },
    {
      // p-limit
      code: `import OpenAI from "openai";

const client = new OpenAI();
import pLimit from "p-limit";

const limit = pLimit(4);

export async function run(prompts: string[]) {
  return Promise.all(prompts.map((p) => limit(() => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }))));
}
`,
    },
    {
      // p-queue
      code: `import OpenAI from "openai";

const client = new OpenAI();
import PQueue from "p-queue";

const queue = new PQueue({ concurrency: 2 });

export async function run(prompts: string[]) {
  return Promise.all(prompts.map((p) => queue.add(() => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }))));
}
`,
    },
    {
      // Bottleneck
      code: `import OpenAI from "openai";

const client = new OpenAI();
import Bottleneck from "bottleneck";

const limiter = new Bottleneck({ maxConcurrent: 2 });

export async function run(prompts: string[]) {
  return Promise.all(prompts.map((p) => limiter.schedule(() => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }))));
}
`,
    },
    {
      // our createLimit
      code: `import OpenAI from "openai";

const client = new OpenAI();
import { createLimit } from "llm-cost-runtime";

const limited = createLimit(4);

export async function run(prompts: string[]) {
  return Promise.all(prompts.map((p) => limited(() => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }))));
}
`,
    },
    {
      // a semaphore taken before the call
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function run(semaphore: any, prompts: string[]) {
  return Promise.all(
    prompts.map(async (p) => {
      const release = await semaphore.acquire();
      try {
        return await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] });
      } finally {
        release();
      }
    }),
  );
}
`,
    },
    {
      // mapLimit and p-map already bound the work
      code: `import OpenAI from "openai";

const client = new OpenAI();
import pMap from "p-map";
import { mapLimit } from "llm-cost-runtime";

export async function run(prompts: string[]) {
  await mapLimit(prompts, (p) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }), { concurrency: 4 });
  await pMap(prompts, (p) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }), { concurrency: 4 });
}
`,
    },
    {
      // a sequential loop
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function run(prompts: string[]) {
  const results = [];
  for (const p of prompts) results.push(await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }));
  return results;
}
`,
    },
    {
      // pushing awaited values, not promises
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function run(prompts: string[]) {
  const results = [];
  for (const p of prompts) results.push(await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }));
  return Promise.all(results);
}
`,
    },
    {
      // a push loop that manages its own pool
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function run(prompts: string[]) {
  const running: Promise<unknown>[] = [];
  for (const p of prompts) {
    running.push(client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }));
    if (running.length >= 5) await Promise.all(running.splice(0));
  }
  await Promise.all(running);
}
`,
    },
    {
      // thunks are not started
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function run(prompts: string[]) {
  const tasks = prompts.map((p) => () => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }));
  return Promise.all(tasks.map((task) => task));
}
`,
    },
    {
      // an eager map abandoned by a loop belongs to no-eager-early-exit
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function firstGood(prompts: string[]) {
  const pending = prompts.map((p) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }));
  for (const answer of pending) {
    if ((await answer).choices[0]?.message.content === "yes") return answer;
  }
  return undefined;
}
`,
    },
    {
      // a larger literal under a raised maxFixedSize
      code: `import OpenAI from "openai";

const client = new OpenAI();

const LANGUAGES = ["de", "fr", "es", "it", "pt", "nl", "pl", "sv", "da", "fi", "no", "cs"];

export async function translate(text: string) {
  return Promise.all(LANGUAGES.map((lang) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: \`\${lang}: \${text}\` }] })));
}
`,
      options: [{"maxFixedSize":20}],
    },
];

const invalid: InvalidTestCase<MessageIds, Options>[] = [
  {
    // LangChain's DALL·E tool: one billed image generation per post the model wrote
    code: `import { DallEAPIWrapper } from "@langchain/openai";

const dalle = new DallEAPIWrapper({ n: 1, model: "dall-e-3" });

export async function illustrate(posts: { prompt: string }[]) {
  return Promise.all(posts.map((post) => dalle.invoke(post.prompt)));
}
`,
    errors: [{ messageId: "unboundedPromiseAll", line: 6, column: 10, suggestions: [] }],
    output: `import { DallEAPIWrapper } from "@langchain/openai";
import { mapLimit } from "llm-cost-runtime";

const dalle = new DallEAPIWrapper({ n: 1, model: "dall-e-3" });

export async function illustrate(posts: { prompt: string }[]) {
  return mapLimit(posts, (post) => dalle.invoke(post.prompt), { concurrency: 4 });
}
`,
  },
    {
      // an AI SDK agent run per element: each is a whole tool loop
      code: `import { ToolLoopAgent } from "ai";
import { openai } from "@ai-sdk/openai";

const agent = new ToolLoopAgent({ model: openai("gpt-4o-mini"), instructions: "Research the company.", maxOutputTokens: 500 });

export async function researchAll(companies: string[]) {
  return Promise.all(companies.map((company) => agent.generate({ prompt: company })));
}
`,
      errors: [{ messageId: "unboundedPromiseAll", line: 7, column: 10, suggestions: [] }],
      output: `import { ToolLoopAgent } from "ai";
import { openai } from "@ai-sdk/openai";
import { mapLimit } from "llm-cost-runtime";

const agent = new ToolLoopAgent({ model: openai("gpt-4o-mini"), instructions: "Research the company.", maxOutputTokens: 500 });

export async function researchAll(companies: string[]) {
  return mapLimit(companies, (company) => agent.generate({ prompt: company }), { concurrency: 4 });
}
`,
    },
    {
      // a composition sends every input through its model: `pipe` and `RunnableSequence.from`
      code: `import { ChatPromptTemplate } from "@langchain/core/prompts";
import { RunnableSequence } from "@langchain/core/runnables";
import { ChatOpenAI } from "@langchain/openai";

const model = new ChatOpenAI({ model: "gpt-4o-mini", maxTokens: 200 });
const prompt = ChatPromptTemplate.fromTemplate("Summarise {topic}");
const chain = RunnableSequence.from([prompt, model]);

export const piped = (topics: string[]) => prompt.pipe(model).batch(topics.map((topic) => ({ topic })));
export const sequenced = (topics: string[]) => chain.batch(topics.map((topic) => ({ topic })), {});
`,
      errors: [
        { messageId: "unboundedBatch", line: 9, column: 44, suggestions: [] },
        { messageId: "unboundedBatch", line: 10, column: 48, suggestions: [] },
      ],
      output: `import { ChatPromptTemplate } from "@langchain/core/prompts";
import { RunnableSequence } from "@langchain/core/runnables";
import { ChatOpenAI } from "@langchain/openai";

const model = new ChatOpenAI({ model: "gpt-4o-mini", maxTokens: 200 });
const prompt = ChatPromptTemplate.fromTemplate("Summarise {topic}");
const chain = RunnableSequence.from([prompt, model]);

export const piped = (topics: string[]) => prompt.pipe(model).batch(topics.map((topic) => ({ topic })), { maxConcurrency: 4 });
export const sequenced = (topics: string[]) => chain.batch(topics.map((topic) => ({ topic })), { maxConcurrency: 4 });
`,
    },
    {
      // LangChain's own fan-out: `batch` runs every input at once unless `maxConcurrency` is set
      code: `import { ChatOpenAI } from "@langchain/openai";

const model = new ChatOpenAI({ model: "gpt-4o-mini", maxTokens: 200 });

export async function classifyAll(tickets: string[]) {
  return model.batch(tickets);
}
`,
      errors: [
        {
          messageId: "unboundedBatch",
          line: 6,
          column: 10,
          data: { method: "batch", source: "tickets", label: "LangChain chat model", limit: "maxConcurrency" },
          suggestions: [],
        },
      ],
      output: `import { ChatOpenAI } from "@langchain/openai";

const model = new ChatOpenAI({ model: "gpt-4o-mini", maxTokens: 200 });

export async function classifyAll(tickets: string[]) {
  return model.batch(tickets, { maxConcurrency: 4 });
}
`,
    },
    {
      // options without the limit get it; through a structured-output runnable of the same model
      code: `import { ChatOpenAI } from "@langchain/openai";

const model = new ChatOpenAI({ model: "gpt-4o-mini", maxTokens: 200 });

export async function classifyAll(tickets: string[], schema: Record<string, unknown>) {
  return model.withStructuredOutput(schema).batch(tickets, { tags: ["triage"] });
}
`,
      errors: [{ messageId: "unboundedBatch", line: 6, column: 10, suggestions: [] }],
      output: `import { ChatOpenAI } from "@langchain/openai";

const model = new ChatOpenAI({ model: "gpt-4o-mini", maxTokens: 200 });

export async function classifyAll(tickets: string[], schema: Record<string, unknown>) {
  return model.withStructuredOutput(schema).batch(tickets, { tags: ["triage"], maxConcurrency: 4 });
}
`,
    },
    {
      // `chunks` is the whole list of chunks: one request per chunk, all at once (`batch`/`chunk` name one slice)
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function summarizeAll(chunks: string[]) {
  return Promise.all(chunks.map((chunk) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: chunk }] })));
}
`,
      errors: [{ messageId: "unboundedPromiseAll", line: 6, column: 10, suggestions: [] }],
      output: `import OpenAI from "openai";
import { mapLimit } from "llm-cost-runtime";

const client = new OpenAI();

export async function summarizeAll(chunks: string[]) {
  return mapLimit(chunks, (chunk) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: chunk }] }), { concurrency: 4 });
}
`,
    },
    {
      // awaiting slices of requests that all started at the `map` bounds nothing: reported, no automatic rewrite
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function improve(diffs: string[]) {
  const started = diffs.map((diff) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: diff }] }));
  const results = [];
  for (let step = 0; step < started.length; step += 4) {
    results.push(...(await Promise.all(started.slice(step, step + 4))));
  }
  return results;
}
`,
      errors: [{ messageId: "unboundedPromiseAll", line: 9, column: 28, data: { method: "all", what: "an LLM request for every element of `diffs`" }, suggestions: [] }],
      output: null,
    },
    {
      // the canonical fan-out: autofixed
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function summarize(documents: string[]) {
  const summaries = await Promise.all(documents.map((doc) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: doc }] })));
  return summaries;
}
`,
      errors: [
        {
          messageId: "unboundedPromiseAll",
          line: 6,
          column: 27,
          suggestions: [],
        },
      ],
      output: `import OpenAI from "openai";
import { mapLimit } from "llm-cost-runtime";

const client = new OpenAI();

export async function summarize(documents: string[]) {
  const summaries = await mapLimit(documents, (doc) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: doc }] }), { concurrency: 4 });
  return summaries;
}
`,
    },
    {
      // allSettled keeps its semantics with settle: true, merged into the existing import
      code: `import OpenAI from "openai";
import { createLimit } from "llm-cost-runtime";

const client = new OpenAI();
export const limit = createLimit(2);

export async function classify(tickets: { body: string }[]) {
  return Promise.allSettled(tickets.map((ticket) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: ticket.body }] })));
}
`,
      errors: [
        {
          messageId: "unboundedPromiseAll",
          line: 8,
          column: 10,
          suggestions: [],
        },
      ],
      output: `import OpenAI from "openai";
import { createLimit, mapLimit } from "llm-cost-runtime";

const client = new OpenAI();
export const limit = createLimit(2);

export async function classify(tickets: { body: string }[]) {
  return mapLimit(tickets, (ticket) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: ticket.body }] }), { concurrency: 4, settle: true });
}
`,
    },
    {
      // a same-file wrapper passed by reference
      code: `import OpenAI from "openai";

const client = new OpenAI();

async function translate(text: string) {
  const response = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: text }] });
  return response.choices[0]?.message.content ?? "";
}

export async function translateAll(texts: string[]) {
  return Promise.all(texts.map(translate));
}
`,
      errors: [
        {
          messageId: "unboundedPromiseAll",
          line: 11,
          column: 10,
          suggestions: [],
        },
      ],
      output: `import OpenAI from "openai";
import { mapLimit } from "llm-cost-runtime";

const client = new OpenAI();

async function translate(text: string) {
  const response = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: text }] });
  return response.choices[0]?.message.content ?? "";
}

export async function translateAll(texts: string[]) {
  return mapLimit(texts, translate, { concurrency: 4 });
}
`,
    },
    {
      // the mapper reads the array argument: suggestion only
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function run(prompts: string[]) {
  return Promise.all(prompts.map((p, i, all) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: \`\${i + 1}/\${all.length}: \${p}\` }] })));
}
`,
      errors: [
        {
          messageId: "unboundedPromiseAll",
          line: 6,
          column: 10,
          suggestions: [
            {
              messageId: "useMapLimit",
              output: `import OpenAI from "openai";
import { mapLimit } from "llm-cost-runtime";

const client = new OpenAI();

export async function run(prompts: string[]) {
  return mapLimit(prompts, (p, i, _context, all = prompts) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: \`\${i + 1}/\${all.length}: \${p}\` }] }), { concurrency: 4 });
}
`,
            },
          ],
        },
      ],
      output: null,
    },
    {
      // the collection expression has side effects: suggestion only
      code: `import OpenAI from "openai";

const client = new OpenAI();

declare function loadPrompts(): string[];

export async function run() {
  return Promise.all(loadPrompts().map((p) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] })));
}
`,
      errors: [
        {
          messageId: "unboundedPromiseAll",
          line: 8,
          column: 10,
          suggestions: [
            {
              messageId: "useMapLimit",
              output: `import OpenAI from "openai";
import { mapLimit } from "llm-cost-runtime";

const client = new OpenAI();

declare function loadPrompts(): string[];

export async function run() {
  return mapLimit(loadPrompts(), (p) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }), { concurrency: 4 });
}
`,
            },
          ],
        },
      ],
      output: null,
    },
    {
      // Object.entries(o).map is autofixed
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function label(sections: Record<string, string>) {
  return Promise.all(Object.entries(sections).map(([name, text]) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: \`\${name}: \${text}\` }] })));
}
`,
      errors: [
        {
          messageId: "unboundedPromiseAll",
          line: 6,
          column: 10,
          suggestions: [],
        },
      ],
      output: `import OpenAI from "openai";
import { mapLimit } from "llm-cost-runtime";

const client = new OpenAI();

export async function label(sections: Record<string, string>) {
  return mapLimit(Object.entries(sections), ([name, text]) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: \`\${name}: \${text}\` }] }), { concurrency: 4 });
}
`,
    },
    {
      // Array.from over a Set: suggestion only
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function run(prompts: Set<string>) {
  return Promise.all(Array.from(prompts, (p) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] })));
}
`,
      errors: [
        {
          messageId: "unboundedPromiseAll",
          line: 6,
          column: 10,
          suggestions: [
            {
              messageId: "useMapLimit",
              output: `import OpenAI from "openai";
import { mapLimit } from "llm-cost-runtime";

const client = new OpenAI();

export async function run(prompts: Set<string>) {
  return mapLimit(prompts, (p) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }), { concurrency: 4 });
}
`,
            },
          ],
        },
      ],
      output: null,
    },
    {
      // flatMap: reported, no fix
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function run(groups: string[][]) {
  return Promise.all(groups.flatMap((group) => group.map((p) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }))));
}
`,
      errors: [
        {
          messageId: "unboundedPromiseAll",
          line: 6,
          column: 10,
          suggestions: [],
        },
      ],
      output: null,
    },
    {
      // a .then chain in the mapper
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function run(prompts: string[]) {
  return Promise.all(prompts.map((p) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }).then((r) => r.choices[0]?.message.content)));
}
`,
      errors: [
        {
          messageId: "unboundedPromiseAll",
          line: 6,
          column: 10,
          suggestions: [],
        },
      ],
      output: `import OpenAI from "openai";
import { mapLimit } from "llm-cost-runtime";

const client = new OpenAI();

export async function run(prompts: string[]) {
  return mapLimit(prompts, (p) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }).then((r) => r.choices[0]?.message.content), { concurrency: 4 });
}
`,
    },
    {
      // the promises held in a variable: reported, no fix
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function run(prompts: string[]) {
  const pending = prompts.map((p) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }));
  return Promise.all(pending);
}
`,
      errors: [
        {
          messageId: "unboundedPromiseAll",
          line: 7,
          column: 10,
          suggestions: [],
        },
      ],
      output: null,
    },
    {
      // promises pushed in a loop, then awaited together
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function run(prompts: string[]) {
  const pending = [];
  for (const p of prompts) {
    pending.push(client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }));
  }
  return Promise.all(pending);
}
`,
      errors: [
        {
          messageId: "unboundedPromiseAll",
          line: 10,
          column: 10,
          suggestions: [],
        },
      ],
      output: null,
    },
    {
      // pushed from forEach: one finding, at the Promise.all
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function run(prompts: string[]) {
  const pending: Promise<unknown>[] = [];
  prompts.forEach((p) => pending.push(client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] })));
  await Promise.all(pending);
}
`,
      errors: [
        {
          messageId: "unboundedPromiseAll",
          line: 8,
          column: 9,
          suggestions: [],
        },
      ],
      output: null,
    },
    {
      // forEach(async …) in an async function
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function warm(prompts: string[]) {
  prompts.forEach(async (p) => {
    await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] });
  });
}
`,
      errors: [
        {
          messageId: "unboundedForEach",
          line: 6,
          column: 3,
          suggestions: [
            {
              messageId: "awaitWithMapLimit",
              output: `import OpenAI from "openai";
import { mapLimit } from "llm-cost-runtime";

const client = new OpenAI();

export async function warm(prompts: string[]) {
  await mapLimit(prompts, async (p) => {
    await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] });
  }, { concurrency: 4 });
}
`,
            },
          ],
        },
      ],
      output: null,
    },
    {
      // forEach outside an async function: no suggestion
      code: `import OpenAI from "openai";

const client = new OpenAI();

export function warm(prompts: string[]) {
  prompts.forEach((p) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }));
}
`,
      errors: [
        {
          messageId: "unboundedForEach",
          line: 6,
          column: 3,
          suggestions: [],
        },
      ],
      output: null,
    },
    {
      // options: concurrency and a vendored runtime
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function run(prompts: string[]) {
  return Promise.all(prompts.map((p) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] })));
}
`,
      options: [{"concurrency":8,"importSource":"@acme/llm-runtime"}],
      // … that does not resolve here (no such package, no path alias): a suggestion that says so, not an autofix
      errors: [
        {
          messageId: "unboundedPromiseAll",
          line: 6,
          column: 10,
          suggestions: [
            {
              messageId: "useMapLimit",
              data: { concurrency: "8", importSource: "@acme/llm-runtime", requirement: " First add `@acme/llm-runtime` to `dependencies` (`npm i @acme/llm-runtime`): it is not installed for this file." },
              output: `import OpenAI from "openai";
import { mapLimit } from "@acme/llm-runtime";

const client = new OpenAI();

export async function run(prompts: string[]) {
  return mapLimit(prompts, (p) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }), { concurrency: 8 });
}
`,
            },
          ],
        },
      ],
      output: null,
    },
    {
      // maxFixedSize: 1 reports a literal of two
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function both(a: string, b: string) {
  return Promise.all([client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: a }] }), client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: b }] })]);
}
`,
      options: [{"maxFixedSize":1}],
      errors: [
        {
          messageId: "unboundedPromiseAll",
          line: 6,
          column: 10,
          suggestions: [],
        },
      ],
      output: null,
    },
    {
      // a local mapLimit of another kind blocks the fix
      code: `import OpenAI from "openai";

const client = new OpenAI();

function mapLimit() {}

export async function run(prompts: string[]) {
  mapLimit();
  return Promise.all(prompts.map((p) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] })));
}
`,
      errors: [
        {
          messageId: "unboundedPromiseAll",
          line: 9,
          column: 10,
          suggestions: [],
        },
      ],
      output: null,
    },
    {
      // CommonJS: the fix requires the runtime
      code: `const OpenAI = require("openai");

const client = new OpenAI();

async function run(prompts) {
  return Promise.all(prompts.map((p) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] })));
}

module.exports = { run };
`,
      filename: "file.cjs",
      errors: [
        {
          messageId: "unboundedPromiseAll",
          line: 6,
          column: 10,
          suggestions: [],
        },
      ],
      output: `const OpenAI = require("openai");
const { mapLimit } = require("llm-cost-runtime");

const client = new OpenAI();

async function run(prompts) {
  return mapLimit(prompts, (p) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }), { concurrency: 4 });
}

module.exports = { run };
`,
    },
    {
      // AI SDK generateText
      code: `import { generateText } from "ai";
import { openai } from "@ai-sdk/openai";

export async function run(prompts: string[]) {
  return Promise.all(prompts.map((prompt) => generateText({ model: openai("gpt-4o-mini"), prompt })));
}
`,
      errors: [
        {
          messageId: "unboundedPromiseAll",
          line: 5,
          column: 10,
          suggestions: [],
        },
      ],
      output: `import { generateText } from "ai";
import { openai } from "@ai-sdk/openai";
import { mapLimit } from "llm-cost-runtime";

export async function run(prompts: string[]) {
  return mapLimit(prompts, (prompt) => generateText({ model: openai("gpt-4o-mini"), prompt }), { concurrency: 4 });
}
`,
    },
    {
      // Anthropic, in a class
      code: `import Anthropic from "@anthropic-ai/sdk";

export class Reviewer {
  private readonly anthropic = new Anthropic();

  async reviewAll(files: string[]) {
    return Promise.all(
      files.map((file) => this.anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 1024, messages: [{ role: "user", content: file }] })),
    );
  }
}
`,
      errors: [
        {
          messageId: "unboundedPromiseAll",
          line: 7,
          column: 12,
          suggestions: [],
        },
      ],
      output: `import Anthropic from "@anthropic-ai/sdk";
import { mapLimit } from "llm-cost-runtime";

export class Reviewer {
  private readonly anthropic = new Anthropic();

  async reviewAll(files: string[]) {
    return mapLimit(files, (file) => this.anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 1024, messages: [{ role: "user", content: file }] }), { concurrency: 4 });
  }
}
`,
    },
];

const typedOnly: InvalidTestCase<MessageIds, Options>[] = [
  {
    // With types, a collection that is not an array (its own `map`) gets a suggestion, not an autofix.
    code: `import OpenAI from "openai";

const client = new OpenAI();

class Prompts {
  constructor(private readonly items: string[]) {}
  map<T>(fn: (item: string, index: number) => T): T[] {
    return this.items.map(fn);
  }
  [Symbol.iterator]() {
    return this.items[Symbol.iterator]();
  }
}

export async function run(prompts: Prompts) {
  return Promise.all(prompts.map((p) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] })));
}
`,
    errors: [
      {
        messageId: "unboundedPromiseAll",
        line: 16,
        column: 10,
        suggestions: [
          {
            messageId: "useMapLimit",
            output: `import OpenAI from "openai";
import { mapLimit } from "llm-cost-runtime";

const client = new OpenAI();

class Prompts {
  constructor(private readonly items: string[]) {}
  map<T>(fn: (item: string, index: number) => T): T[] {
    return this.items.map(fn);
  }
  [Symbol.iterator]() {
    return this.items[Symbol.iterator]();
  }
}

export async function run(prompts: Prompts) {
  return mapLimit(prompts, (p) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }), { concurrency: 4 });
}
`,
          },
        ],
      },
    ],
    output: null,
  },
];

runRuleCasesWithFixedCodeChecks("no-unbounded-concurrency", rule, { valid, invalid, typedOnly });

// The mapLimit fix adds a runtime import: automatic only where that import resolves for the linted file in
// production, otherwise a suggestion whose message says what to install first.
describe("no-unbounded-concurrency: the fix and where the runtime resolves", () => {
  const projects = createRuntimeProjects();
  afterAll(() => projects.cleanup());
  const fanOut = (header = "") => `${header}import OpenAI from "openai";

const client = new OpenAI();

export async function run(prompts: string[]) {
  return Promise.all(prompts.map((p) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] })));
}
`;
  const fixed = (source: string, header = "", imported = "mapLimit") => `${header}import OpenAI from "openai";
import { ${imported} } from "${source}";

const client = new OpenAI();

export async function run(prompts: string[]) {
  return mapLimit(prompts, (p) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }), { concurrency: 4 });
}
`;
  const automatic = (kind: RuntimeProjectKind, importSource = "llm-cost-runtime"): InvalidTestCase<MessageIds, Options> => ({
    code: fanOut(),
    filename: projects.file(kind),
    options: [{ importSource }],
    errors: [{ messageId: "unboundedPromiseAll", suggestions: [] }],
    output: fixed(importSource),
  });
  const suggested = (kind: RuntimeProjectKind, requirement: string, importSource = "llm-cost-runtime"): InvalidTestCase<MessageIds, Options> => ({
    code: fanOut(),
    filename: projects.file(kind),
    options: [{ importSource }],
    errors: [
      {
        messageId: "unboundedPromiseAll",
        suggestions: [
          {
            messageId: "useMapLimit",
            data: { concurrency: "4", importSource, requirement },
            output: fixed(importSource),
          },
        ],
      },
    ],
    output: null,
  });
  const addFirst = " First add `llm-cost-runtime` to `dependencies` (`npm i llm-cost-runtime`): it is not installed for this file.";
  const moveFirst = " First move `llm-cost-runtime` from `devDependencies` to `dependencies`: a production install leaves it out.";

  createUntypedRuleTester().run("no-unbounded-concurrency", rule, {
    valid: [],
    invalid: [
      // listed in dependencies, installed, or listed at the root of a workspace
      automatic("listed"),
      automatic("installed"),
      automatic("monorepo"),
      // vendored: a relative path to a file that exists, a tsconfig path alias
      automatic("vendored", "./vendor/llm-cost-runtime/index.js"),
      automatic("vendored", "@acme/llm-runtime"),
      // not in the project, or only for development: the import would fail after `npm ci --omit=dev`
      suggested("absent", addFirst),
      suggested("no-manifest", addFirst),
      suggested("dev-only", moveFirst),
      suggested("installed-dev", moveFirst),
      suggested("vendored", " `./vendor/missing.js` does not resolve from this file: put the runtime there first.", "./vendor/missing.js"),
      // the file already imports from the runtime: the fix adds a name to that import, which is the project's own
      {
        code: fanOut(`import { mapLazy } from "llm-cost-runtime";\n`).replace(`import OpenAI from "openai";\n`, "").replace(
          `import { mapLazy } from "llm-cost-runtime";\n`,
          `import OpenAI from "openai";\nimport { mapLazy } from "llm-cost-runtime";\n`,
        ),
        filename: projects.file("absent"),
        errors: [{ messageId: "unboundedPromiseAll", suggestions: [] }],
        output: fixed("llm-cost-runtime", "", "mapLazy, mapLimit"),
      },
    ],
  });
});

// A list the request's validation schema caps is bounded, wherever the schema lives: read through `parse`,
// `safeParse(…).data`, `z.infer` types, interfaces, destructuring and re-exports
// (tests/fixtures/cross-file/schemas). A cap on the elements, or over `maxFixedSize`, bounds nothing.
describe("no-unbounded-concurrency: lists capped by a validation schema", () => {
  const schemaConsumer = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "cross-file", "schemas", "consumer.ts");
  const request = (list: string) => `client.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 100, messages: [{ role: "user", content: ${list} }] })`;
  const header = `import OpenAI from "openai";
import { z } from "zod";
import type { ExtractRequest, Questions } from "./index.js";

const client = new OpenAI();
`;
  const fixedHeader = header.replace(`import type { ExtractRequest, Questions } from "./index.js";\n`, `import type { ExtractRequest, Questions } from "./index.js";\nimport { mapLimit } from "llm-cost-runtime";\n`);
  createUntypedRuleTester().run("no-unbounded-concurrency", rule, {
    valid: [
      {
        // the schema in another module, through an interface member, a destructured option and `|| []`
        code: `${header}interface ExtractServiceOptions { request: ExtractRequest; teamId: string }
export async function performExtraction(options: ExtractServiceOptions) {
  const { request, teamId } = options;
  const urls = request.urls || ([] as string[]);
  return Promise.all(urls.map((url) => ${request("url + teamId")}));
}
`,
        filename: schemaConsumer,
      },
      {
        // a parameter typed by a capped array schema
        code: `${header}export const answerAll = (questions: Questions) => Promise.all(questions.map((question) => ${request("question")}));
`,
        filename: schemaConsumer,
      },
      {
        // the schema in the same file: \`parse\`, and \`safeParse(…).data\`
        code: `${header}const bodySchema = z.object({ languages: z.array(z.string()).nonempty().max(8) });
export async function POST(req: Request) {
  const body = bodySchema.parse(await req.json());
  return Promise.all(body.languages.map((language) => ${request("language")}));
}
export async function PUT(req: Request) {
  const parsed = bodySchema.safeParse(await req.json());
  if (!parsed.success) return [];
  return Promise.all(parsed.data.languages.map((language) => ${request("language")}));
}
`,
        filename: schemaConsumer,
      },
    ],
    invalid: [
      {
        // the cap is on each topic's length, not on how many topics: unbounded
        code: `${header}export const summarise = (request: ExtractRequest) => Promise.all(request.topics.map((topic) => ${request("topic")}));
`,
        filename: schemaConsumer,
        errors: [{ messageId: "unboundedPromiseAll", line: 6 }],
        output: `${fixedHeader}export const summarise = (request: ExtractRequest) => mapLimit(request.topics, (topic) => ${request("topic")}, { concurrency: 4 });
`,
      },
      {
        // capped, but above maxFixedSize (10): still a burst
        code: `${header}const bodySchema = z.object({ languages: z.array(z.string()).max(50) });
export async function POST(req: Request) {
  const body = bodySchema.parse(await req.json());
  return Promise.all(body.languages.map((language) => ${request("language")}));
}
`,
        filename: schemaConsumer,
        errors: [{ messageId: "unboundedPromiseAll", line: 9 }],
        output: `${fixedHeader}const bodySchema = z.object({ languages: z.array(z.string()).max(50) });
export async function POST(req: Request) {
  const body = bodySchema.parse(await req.json());
  return mapLimit(body.languages, (language) => ${request("language")}, { concurrency: 4 });
}
`,
      },
    ],
  });
});
