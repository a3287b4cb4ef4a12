import path from "node:path";
import { fileURLToPath } from "node:url";

import { RuleTester } from "@typescript-eslint/rule-tester";

import noDynamicPromptPrefix from "../../rules/no-dynamic-prompt-prefix.js";
import noEagerEarlyExit from "../../rules/no-eager-early-exit.js";
import noUnboundedConcurrency from "../../rules/no-unbounded-concurrency.js";
import requireAbortOnDisconnect from "../../rules/require-abort-on-disconnect.js";
import requirePromptCaching from "../../rules/require-prompt-caching.js";
import { createUntypedRuleTester } from "../rule-tester.js";

// Every rule sees through the recogniser: wrappers and prompt builders in other modules count as if written here.
const fixtureRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "cross-file");
const filename = path.join(fixtureRoot, "app", "consumer.ts");

const testers = {
  untyped: createUntypedRuleTester(),
  typed: new RuleTester({ languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: fixtureRoot } } }),
};

for (const [mode, tester] of Object.entries(testers)) {
  tester.run(`no-unbounded-concurrency across modules (${mode})`, noUnboundedConcurrency, {
    valid: [
      { filename, code: `import { readDocument } from "../lib/files.js";\nexport const texts = await Promise.all(paths.map(readDocument));` },
    ],
    invalid: [
      {
        filename,
        code: `import { summarize } from "../lib/llm.js";
export async function digest(docs: string[]) {
  return Promise.all(docs.map(summarize));
}`,
        errors: [
          {
            messageId: "unboundedPromiseAll",
            line: 3,
            column: 10,
            suggestions: [
              {
                messageId: "useMapLimit",
                output: `import { summarize } from "../lib/llm.js";
import { mapLimit } from "llm-cost-runtime";
export async function digest(docs: string[]) {
  return mapLimit(docs, summarize, { concurrency: 4 });
}`,
              },
            ],
          },
        ],
      },
    ],
  });

  tester.run(`no-eager-early-exit across modules (${mode})`, noEagerEarlyExit, {
    valid: [
      // A race helper of another module over local work: nothing is billed.
      {
        filename,
        code: `import { withTimeout } from "../lib/guards/with-timeout.js";
import { readDocument } from "../lib/files.js";
export const text = (path: string) => withTimeout(readDocument(path), 1_000);`,
      },
    ],
    invalid: [
      {
        // A race helper in another module that imports no SDK: the request handed to it outlives its timer.
        filename,
        code: `import OpenAI from "openai";
import { withTimeout } from "../lib/guards/with-timeout.js";
const client = new OpenAI();
export const answer = (prompt: string) =>
  withTimeout(client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] }), 20_000);`,
        errors: [
          {
            messageId: "unabortedRaceHelper",
            line: 5,
            column: 3,
            data: {
              helper: "withTimeout",
              work: "LLM requests",
              billed: " and billing",
              retry: "",
              // gpt-4o-mini, uncapped: 16,384 × $0.6/M = $0.0098
              cost: " Each abandoned request can bill up to $0.0098 (gpt-4o-mini: 16,384 output tokens (no cap: the model's maximum) × $0.6/M).",
            },
            suggestions: [
              {
                messageId: "useTimeoutSignal",
                data: { delay: "20_000" },
                output: `import OpenAI from "openai";
import { withTimeout } from "../lib/guards/with-timeout.js";
const client = new OpenAI();
export const answer = (prompt: string) =>
  withTimeout(client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] }, { signal: AbortSignal.timeout(20_000) }), 20_000);`,
              },
            ],
          },
        ],
      },
      {
        // A race by hand in a module with no Promise.race and no SDK, handed a wrapper's request.
        filename,
        code: `import { deadline } from "../lib/guards/deadline.js";
import { translate } from "../lib/llm.js";
export const french = (text: string) => deadline(translate(text, "fr"), 10_000);`,
        errors: [
          {
            messageId: "unabortedRaceHelper",
            line: 3,
            column: 41,
            data: { helper: "deadline", work: "LLM requests", billed: " and billing", retry: "", cost: "" },
            suggestions: [],
          },
        ],
      },
      {
        // Two modules away: executeWithGuards retries runAgent() through withTimeout; the thunk is a wrapper's call.
        filename,
        code: `import { executeWithGuards } from "../lib/guards/execute-with-guards.js";
import { summarize } from "../lib/llm.js";
export const digest = (text: string) => executeWithGuards({ runAgent: () => summarize(text), fallback: "", timeoutMs: 45_000 });`,
        errors: [
          {
            messageId: "unabortedRaceHelper",
            line: 3,
            column: 41,
            data: {
              helper: "executeWithGuards",
              work: "LLM requests",
              billed: " and billing",
              retry: "; after each timeout it tries again, starting another while the abandoned one still runs",
              cost: "",
            },
            suggestions: [],
          },
        ],
      },
      {
        filename,
        code: `import { runAgent } from "../lib/agent.js";
export async function firstDone(tasks: string[]) {
  const runs = tasks.map((task) => runAgent(task));
  for (const run of runs) {
    const result = await run;
    if (result.startsWith("done")) return result;
  }
  return undefined;
}`,
        errors: [
          {
            messageId: "eagerEarlyExit",
            line: 3,
            column: 16,
            suggestions: [
              {
                messageId: "useMapLazy",
                output: `import { runAgent } from "../lib/agent.js";
import { mapLazy } from "llm-cost-runtime";
export async function firstDone(tasks: string[]) {
  for await (const result of mapLazy(tasks, (task) => runAgent(task), { concurrency: 4 })) {
    if (result.startsWith("done")) return result;
  }
  return undefined;
}`,
              },
            ],
          },
        ],
      },
    ],
  });

  tester.run(`require-prompt-caching across modules (${mode})`, requirePromptCaching, {
    valid: [],
    invalid: [
      {
        filename,
        code: `import Anthropic from "@anthropic-ai/sdk";
import { getSystemPrompt } from "../lib/prompts.js";
const client = new Anthropic();
export function reply(question: string) {
  return client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 512, system: getSystemPrompt(), messages: [{ role: "user", content: question }] });
}`,
        output: `import Anthropic from "@anthropic-ai/sdk";
import { getSystemPrompt } from "../lib/prompts.js";
const client = new Anthropic();
export function reply(question: string) {
  return client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 512, system: [{ type: "text", text: getSystemPrompt(), cache_control: { type: "ephemeral" } }], messages: [{ role: "user", content: question }] });
}`,
        errors: [{ messageId: "missingCacheControl", line: 5, column: 80 }],
      },
    ],
  });

  tester.run(`require-abort-on-disconnect across modules (${mode})`, requireAbortOnDisconnect, {
    valid: [
      {
        // The provider module's function does not stream: out of scope.
        filename,
        code: `import express from "express";
import { complete } from "../lib/chat-provider.js";
const app = express();
app.post("/chat", async (req, res) => {
  res.json({ answer: await complete(req.body.messages) });
});`,
      },
    ],
    invalid: [
      {
        // The wrapper's name does not say it streams; the request it makes does.
        filename,
        code: `import express from "express";
import { reply } from "../lib/chat-provider.js";
const app = express();
app.post("/chat", async (req, res) => {
  const stream = await reply(req.body.messages);
  for await (const chunk of stream) res.write(chunk.choices[0]?.delta?.content ?? "");
  res.end();
});`,
        errors: [{ messageId: "streamOutlivesClient", line: 5, column: 24, suggestions: [] }],
      },
      {
        // An async generator that reads a stream made by another function of its module.
        filename,
        code: `import express from "express";
import { tokens } from "../lib/chat-provider.js";
const app = express();
app.post("/chat", async (req, res) => {
  for await (const text of tokens(req.body.messages)) res.write(text);
  res.end();
});`,
        errors: [{ messageId: "streamOutlivesClient", line: 5, column: 28, suggestions: [] }],
      },
      {
        // An instance of the provider module's class, built by a factory of this file (its return type names it).
        filename,
        code: `import { ChatProvider } from "../lib/chat-provider.js";
function createProvider(): ChatProvider {
  return new ChatProvider();
}
export async function POST(req: Request) {
  const provider = createProvider();
  const stream = await provider.answer(await req.json());
  return new Response(stream.toReadableStream());
}`,
        errors: [{ messageId: "streamOutlivesClient", line: 7, column: 33, suggestions: [] }],
      },
      {
        // The same factory without a return type: every \`new\` it returns builds that class.
        filename,
        code: `import { ChatProvider } from "../lib/chat-provider.js";
const createProvider = () => new ChatProvider();
export async function POST(req: Request) {
  const stream = await createProvider().answer(await req.json());
  return new Response(stream.toReadableStream());
}`,
        errors: [{ messageId: "streamOutlivesClient", line: 4, column: 41, suggestions: [] }],
      },
      {
        // A method of an instance the provider module exports.
        filename,
        code: `import { provider } from "../lib/chat-provider.js";
export async function POST(req: Request) {
  const stream = await provider.answer(await req.json());
  return new Response(stream.toReadableStream());
}`,
        errors: [{ messageId: "streamOutlivesClient", line: 3, column: 33, suggestions: [] }],
      },
    ],
  });

  tester.run(`no-dynamic-prompt-prefix across modules (${mode})`, noDynamicPromptPrefix, {
    valid: [
      {
        filename,
        code: `import OpenAI from "openai";
import { getSystemPrompt } from "../lib/prompts.js";
export const reply = (question: string) => new OpenAI().chat.completions.create({ model: "gpt-4o", max_completion_tokens: 512, messages: [{ role: "system", content: getSystemPrompt() }, { role: "user", content: question }] });`,
      },
    ],
    invalid: [
      {
        filename,
        code: `import OpenAI from "openai";
import { getDatedPrompt } from "../lib/prompts.js";
export const reply = (question: string) => new OpenAI().chat.completions.create({ model: "gpt-4o", max_completion_tokens: 512, messages: [{ role: "system", content: getDatedPrompt() }, { role: "user", content: question }] });`,
        errors: [{ messageId: "dynamicPromptPrefix", line: 3, column: 166, suggestions: [] }],
      },
    ],
  });
}
