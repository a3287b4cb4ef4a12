import type { InvalidTestCase, ValidTestCase } from "@typescript-eslint/rule-tester";

import { afterAll, describe } from "vitest";

import rule, { type MessageIds, type Options } from "../../rules/no-eager-early-exit.js";
import { createRuntimeProjects, type RuntimeProjectKind } from "../analysis/runtime-projects.js";
import { createUntypedRuleTester } from "../rule-tester.js";
import { runRuleCasesWithFixedCodeChecks } from "../rules-fixed-code.js";

const valid: ValidTestCase<Options>[] = [
    {
      // a sequential loop that stops early is the fix
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function firstYes(prompts: string[]) {
  for (const p of prompts) {
    const r = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] });
    if (r.choices[0]?.message.content === "yes") return p;
  }
  return undefined;
}
`,
    },
    {
      // every eager promise is awaited
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function all(prompts: string[]) {
  const pending = prompts.map((p) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }));
  const results = [];
  for (const r of pending) results.push(await r);
  return results;
}
`,
    },
    {
      // continue is not an exit
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function count(prompts: string[]) {
  const pending = prompts.map((p) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }));
  let yes = 0;
  for (const r of pending) {
    if ((await r).choices[0]?.message.content !== "yes") continue;
    yes += 1;
  }
  return yes;
}
`,
    },
    {
      // break inside a switch and inside a nested loop stays in the loop
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function tally(prompts: string[], retries: number[]) {
  const pending = prompts.map((p) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }));
  const tally = { yes: 0, no: 0 };
  for (const r of pending) {
    switch ((await r).choices[0]?.message.content) {
      case "yes":
        tally.yes += 1;
        break;
      default:
        tally.no += 1;
    }
    for (const n of retries) {
      if (n > 3) break;
    }
  }
  return tally;
}
`,
    },
    {
      // a throw caught inside the loop
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function collect(prompts: string[]) {
  const pending = prompts.map((p) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }));
  const errors: unknown[] = [];
  for (const r of pending) {
    try {
      if (!(await r).choices.length) throw new Error("empty");
    } catch (error) {
      errors.push(error);
    }
  }
  return errors;
}
`,
    },
    {
      // values, not started work
      code: `export async function first(a: Promise<number>, b: Promise<number>) {
  for (const p of [a, b]) {
    if ((await p) > 0) return p;
  }
  return undefined;
}
`,
    },
    {
      // synchronous work
      code: `export async function first(xs: number[]) {
  for (const x of xs.map((x) => x * 2)) {
    if ((await x) > 10) return x;
  }
  return undefined;
}
`,
    },
    {
      // a single request cannot be wasted by the others
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function one(prompt: string) {
  for (const r of [client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] })]) {
    if (await r) return r;
  }
  return undefined;
}
`,
    },
    {
      // mapLazy already starts work lazily
      code: `import OpenAI from "openai";

const client = new OpenAI();
import { mapLazy } from "llm-cost-runtime";

export async function firstTen(prompts: string[]) {
  const good: string[] = [];
  for await (const r of mapLazy(prompts, (p, _i, { signal }) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }, { signal }), { concurrency: 4 })) {
    if (r.choices[0]?.message.content === "true") good.push(r.id);
    if (good.length >= 10) break;
  }
  return good;
}
`,
    },
    {
      // a race whose request gets a signal
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function withDeadline(prompt: string, timeout: Promise<never>) {
  return Promise.race([client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] }, { signal: AbortSignal.timeout(10_000) }), timeout]);
}
`,
    },
    {
      // a race whose request has the SDK's own timeout
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function withDeadline(prompt: string, timeout: Promise<never>) {
  return Promise.race([client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] }, { timeout: 10_000 }), timeout]);
}
`,
    },
    {
      // AI SDK with abortSignal
      code: `import { generateText } from "ai";
import { openai } from "@ai-sdk/openai";

export async function fastest(prompt: string, controller: AbortController) {
  return Promise.any([
    generateText({ model: openai("gpt-4o-mini"), prompt, abortSignal: controller.signal }),
    generateText({ model: openai("gpt-4o"), prompt, abortSignal: controller.signal }),
  ]);
}
`,
    },
    {
      // Gemini with config.abortSignal
      code: `import { GoogleGenAI } from "@google/genai";

const ai = new GoogleGenAI({});

export async function withDeadline(contents: string, timeout: Promise<never>) {
  return Promise.race([ai.models.generateContent({ model: "gemini-2.5-flash", contents, config: { abortSignal: AbortSignal.timeout(5000) } }), timeout]);
}
`,
    },
    {
      // a race of local work and a timer
      code: `import { readFile } from "node:fs/promises";

export async function load(file: string, timeout: Promise<never>) {
  return Promise.race([readFile(file, "utf8"), timeout]);
}
`,
    },
    {
      // Promise.all is no-unbounded-concurrency's
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function all(prompts: string[]) {
  return Promise.all(prompts.map((p) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] })));
}
`,
    },
    {
      // raceAbortable already aborts the losers
      code: `import OpenAI from "openai";

const client = new OpenAI();
import { raceAbortable } from "llm-cost-runtime";

export async function withDeadline(prompt: string) {
  return raceAbortable([(signal) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] }, { signal })]);
}
`,
    },
    {
      // a race of local async helpers is not about requests
      code: `async function fromDisk(key: string) {
  return key;
}

export async function load(key: string, timeout: Promise<never>) {
  return Promise.race([fromDisk(key), timeout]);
}
`,
    },
    {
      // a pure async function is no cost: abandoning it wastes nothing (issue 14: local work is not billed)
      code: `async function process(item: string) {
  return item.length > 3;
}

export async function anyLong(items: string[]) {
  const pending = items.map((item) => process(item));
  for (const p of pending) {
    if (await p) return true;
  }
  return false;
}
`,
    },
    {
      // parallel readFile probes that keep the first config that exists: local I/O, not cost
      code: `import { readFile } from "node:fs/promises";

async function probe(path: string) {
  try {
    return await readFile(path, "utf8");
  } catch {
    return undefined;
  }
}

export async function firstConfig(paths: string[]) {
  const probes = paths.map((path) => probe(path));
  for (const found of probes) {
    const text = await found;
    if (text !== undefined) return text;
  }
  return undefined;
}
`,
    },
    {
      // the stored request has its own deadline, no later than the race's timer
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function answer(prompt: string) {
  const request = client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] }, { signal: AbortSignal.timeout(10_000) });
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 10_000));
  return Promise.race([request, timeout]);
}
`,
    },
    {
      // a controller that the code aborts after the race
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function answer(prompt: string) {
  const controller = new AbortController();
  const request = client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] }, { signal: controller.signal });
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 10_000));
  try {
    return await Promise.race([request, timeout]);
  } finally {
    controller.abort();
  }
}
`,
    },
    {
      // a race helper over local work
      code: `import { readFile } from "node:fs/promises";

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), ms))]);
}

export const load = (path: string) => withTimeout(readFile(path, "utf8"), 1_000);
`,
    },
    {
      // the helper aborts its own signal, and the request is given that signal
      code: `import OpenAI from "openai";

const client = new OpenAI();

async function withDeadline<T>(run: (signal: AbortSignal) => Promise<T>, ms: number): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  try {
    return await Promise.race([
      run(controller.signal),
      new Promise<never>((_, reject) => controller.signal.addEventListener("abort", () => reject(new Error("timeout")))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export const answer = (prompt: string) =>
  withDeadline((signal) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] }, { signal }), 30_000);
`,
    },
    {
      // a wrapper that stops its own request (its controller, its timer) before the race gives up
      code: `async function ask(prompt: string) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 20_000);
  try {
    const response = await fetch("https://api.openai.com/v1/chat/completions", {
      method: "POST",
      body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] }),
      signal: controller.signal,
    });
    return await response.json();
  } finally {
    clearTimeout(timer);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), ms))]);
}

export const answer = (prompt: string) => withTimeout(ask(prompt), 30_000);
`,
    },
    {
      // p-timeout over local work
      code: `import pTimeout from "p-timeout";
import { readFile } from "node:fs/promises";

export const load = (path: string) => pTimeout(readFile(path, "utf8"), { milliseconds: 1_000 });
`,
    },
    {
      // the helper aborts the controller its caller hands in, and the request was given that controller's signal
      code: `import OpenAI from "openai";

const client = new OpenAI();

function withTimeout<T>(promise: Promise<T>, ms: number, label: string, controller?: AbortController): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      controller?.abort();
      reject(new Error(label));
    }, ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

export async function answer(prompt: string) {
  const controller = new AbortController();
  return withTimeout(client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] }, { signal: controller.signal }), 8_000, "model", controller);
}
`,
    },
];

const invalid: InvalidTestCase<MessageIds, Options>[] = [
  {
    // a race written by hand (a timer that rejects, promise.then(resolve)), handed each analyst of a constant list
    code: `import OpenAI from "openai";
import Anthropic from "@anthropic-ai/sdk";

const openai = new OpenAI();
const anthropic = new Anthropic();

async function alpha(data: string) {
  const completion = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: data }] });
  return completion.choices[0]?.message.content ?? "";
}

async function beta(data: string) {
  const message = await anthropic.messages.create({ model: "claude-haiku-4-5", max_tokens: 1024, messages: [{ role: "user", content: data }] });
  return message.content[0]?.type === "text" ? message.content[0].text : "";
}

function withTimeout<T>(promise: Promise<T>, ms: number, label: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(\`\${label} timed out\`)), ms);
    promise
      .then((value) => {
        clearTimeout(timer);
        resolve(value);
      })
      .catch((error) => {
        clearTimeout(timer);
        reject(error);
      });
  });
}

const analysts = [
  { name: "Alpha", fn: alpha },
  { name: "Beta", fn: beta },
];

export function analyze(data: string) {
  return analysts.map((analyst) => withTimeout(analyst.fn(data), 45_000, analyst.name));
}
`,
    errors: [
      {
        messageId: "unabortedRaceHelper",
        line: 38,
        column: 36,
        suggestions: [
        ],
      },
    ],
    output: null,
  },
  {
    // the request held in a variable, raced against a timer that resolves a default, in try/catch
    code: `import OpenAI from "openai";

const client = new OpenAI();

export async function answer(prompt: string) {
  const request = client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] });
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 30_000));
  try {
    return (await Promise.race([request, timeout])) ?? "fallback";
  } catch {
    return "fallback";
  }
}
`,
    errors: [
      {
        messageId: "unabortedRace",
        line: 9,
        column: 19,
        suggestions: [
          {
            messageId: "useTimeoutSignal",
            data: { delay: "30_000" },
            output: `import OpenAI from "openai";

const client = new OpenAI();

export async function answer(prompt: string) {
  const request = client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] }, { signal: AbortSignal.timeout(30_000) });
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 30_000));
  try {
    return (await Promise.race([request, timeout])) ?? "fallback";
  } catch {
    return "fallback";
  }
}
`,
          },
        ],
      },
    ],
    output: null,
  },
  {
    // an SDK timeout of 60 s behind a 30 s race leaves the request billing for the difference
    code: `import OpenAI from "openai";

const client = new OpenAI();

export async function answer(prompt: string) {
  const request = client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] }, { timeout: 60_000 });
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), 30_000));
  return Promise.race([request, timeout]);
}
`,
    errors: [
      {
        messageId: "unabortedRace",
        line: 8,
        column: 10,
        suggestions: [
          {
            messageId: "useTimeoutSignal",
            data: { delay: "30_000" },
            output: `import OpenAI from "openai";

const client = new OpenAI();

export async function answer(prompt: string) {
  const request = client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] }, { timeout: 60_000, signal: AbortSignal.timeout(30_000) });
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), 30_000));
  return Promise.race([request, timeout]);
}
`,
          },
        ],
      },
    ],
    output: null,
  },
  {
    // a retry loop: after a timeout the next attempt starts while the abandoned one still runs
    code: `import { generateText } from "ai";
import { openai } from "@ai-sdk/openai";

export async function answer(prompt: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const request = generateText({ model: openai("gpt-4o-mini"), prompt });
    const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 15_000));
    const result = await Promise.race([request, timeout]);
    if (result) return result.text;
  }
  return undefined;
}
`,
    errors: [
      {
        messageId: "unabortedRace",
        line: 8,
        column: 26,
        suggestions: [
          {
            messageId: "useTimeoutSignal",
            data: { delay: "15_000" },
            output: `import { generateText } from "ai";
import { openai } from "@ai-sdk/openai";

export async function answer(prompt: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const request = generateText({ model: openai("gpt-4o-mini"), prompt, abortSignal: AbortSignal.timeout(15_000) });
    const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 15_000));
    const result = await Promise.race([request, timeout]);
    if (result) return result.text;
  }
  return undefined;
}
`,
          },
        ],
      },
    ],
    output: null,
  },
  {
    // Promise.any over requests held in an array
    code: `import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic();

export async function firstDraft(prompt: string) {
  const drafts = [
    client.messages.create({ model: "claude-haiku-4-5", max_tokens: 512, messages: [{ role: "user", content: prompt }] }),
    client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 512, messages: [{ role: "user", content: prompt }] }),
  ];
  return Promise.any(drafts);
}
`,
    errors: [
      {
        messageId: "unabortedRace",
        line: 10,
        column: 10,
        suggestions: [
        ],
      },
    ],
    output: null,
  },
  {
    // a race helper in the same file: reported where it is handed the request
    code: `import OpenAI from "openai";

const client = new OpenAI();

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("timed out")), ms);
  });
  return Promise.race([promise.finally(() => clearTimeout(timer)), timeout]);
}

export const answer = (prompt: string) =>
  withTimeout(client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] }), 20_000);
`,
    errors: [
      {
        messageId: "unabortedRaceHelper",
        line: 14,
        column: 3,
        suggestions: [
          {
            messageId: "useTimeoutSignal",
            data: { delay: "20_000" },
            output: `import OpenAI from "openai";

const client = new OpenAI();

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("timed out")), ms);
  });
  return Promise.race([promise.finally(() => clearTimeout(timer)), timeout]);
}

export const answer = (prompt: string) =>
  withTimeout(client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] }, { signal: AbortSignal.timeout(20_000) }), 20_000);
`,
          },
        ],
      },
    ],
    output: null,
  },
  {
    // a retry helper that races a fresh call of its thunk against a timer
    code: `import { GoogleGenAI } from "@google/genai";

const ai = new GoogleGenAI({});

async function retryWithTimeout<T>(callback: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const callbackPromise = callback();
      const timeoutPromise = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timed out")), timeoutMs));
      return await Promise.race([callbackPromise, timeoutPromise]);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

export const draw = (contents: string) =>
  retryWithTimeout(() => ai.models.generateContent({ model: "gemini-2.5-flash-image", contents, config: { temperature: 1 } }), 60_000);
`,
    errors: [
      {
        messageId: "unabortedRaceHelper",
        line: 20,
        column: 3,
        suggestions: [
          {
            messageId: "useTimeoutSignal",
            data: { delay: "60_000" },
            output: `import { GoogleGenAI } from "@google/genai";

const ai = new GoogleGenAI({});

async function retryWithTimeout<T>(callback: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const callbackPromise = callback();
      const timeoutPromise = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timed out")), timeoutMs));
      return await Promise.race([callbackPromise, timeoutPromise]);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

export const draw = (contents: string) =>
  retryWithTimeout(() => ai.models.generateContent({ model: "gemini-2.5-flash-image", contents, config: { temperature: 1, abortSignal: AbortSignal.timeout(60_000) } }), 60_000);
`,
          },
        ],
      },
    ],
    output: null,
  },
  {
    // p-timeout does not cancel its input
    code: `import OpenAI from "openai";
import pTimeout from "p-timeout";

const client = new OpenAI();

export const answer = (prompt: string) =>
  pTimeout(client.responses.create({ model: "gpt-5-mini", input: prompt }), { milliseconds: 5_000 });
`,
    errors: [
      {
        messageId: "unabortedRaceHelper",
        line: 7,
        column: 3,
        suggestions: [
          {
            messageId: "useTimeoutSignal",
            data: { delay: "5_000" },
            output: `import OpenAI from "openai";
import pTimeout from "p-timeout";

const client = new OpenAI();

export const answer = (prompt: string) =>
  pTimeout(client.responses.create({ model: "gpt-5-mini", input: prompt }, { signal: AbortSignal.timeout(5_000) }), { milliseconds: 5_000 });
`,
          },
        ],
      },
    ],
    output: null,
  },
  {
    // the helper aborts its own controller, but the request was given the caller's signal: nothing stops it
    code: `import OpenAI from "openai";

const client = new OpenAI();

async function withDeadline<T>(run: (signal: AbortSignal) => Promise<T>, ms: number): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  try {
    return await Promise.race([
      run(controller.signal),
      new Promise<never>((_, reject) => controller.signal.addEventListener("abort", () => reject(new Error("timeout")))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export const answer = (prompt: string, signal: AbortSignal) =>
  withDeadline(() => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] }, { signal }), 30_000);
`,
    errors: [
      {
        messageId: "unabortedRaceHelper",
        line: 19,
        column: 3,
        suggestions: [
        ],
      },
    ],
    output: null,
  },
  {
    // a callback handed to a limiter starts its request with the race
    code: `import { GoogleGenAI } from "@google/genai";
import { rateLimitedCall } from "./rate-limiter";

const ai = new GoogleGenAI({});

export async function describe(contents: string) {
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), 45_000));
  return Promise.race([rateLimitedCall(() => ai.models.generateContent({ model: "gemini-2.5-flash", contents })), timeout]);
}
`,
    errors: [
      {
        messageId: "unabortedRace",
        line: 8,
        column: 10,
        suggestions: [
          {
            messageId: "useTimeoutSignal",
            data: { delay: "45_000" },
            output: `import { GoogleGenAI } from "@google/genai";
import { rateLimitedCall } from "./rate-limiter";

const ai = new GoogleGenAI({});

export async function describe(contents: string) {
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), 45_000));
  return Promise.race([rateLimitedCall(() => ai.models.generateContent({ model: "gemini-2.5-flash", contents, config: { abortSignal: AbortSignal.timeout(45_000) } })), timeout]);
}
`,
          },
        ],
      },
    ],
    output: null,
  },
  {
    // JavaScript: a helper racing its parameter against a timer from another local function
    filename: "file.js",
    code: `import OpenAI from "openai";

const client = new OpenAI();

function timeoutAfter(ms) {
  return new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), ms));
}

async function callWithTimeout(promise, ms) {
  return Promise.race([promise, timeoutAfter(ms)]);
}

export async function answer(prompt) {
  return callWithTimeout(client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] }), 8000);
}
`,
    errors: [
      {
        messageId: "unabortedRaceHelper",
        line: 14,
        column: 10,
        suggestions: [
          {
            messageId: "useTimeoutSignal",
            data: { delay: "8000" },
            output: `import OpenAI from "openai";

const client = new OpenAI();

function timeoutAfter(ms) {
  return new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), ms));
}

async function callWithTimeout(promise, ms) {
  return Promise.race([promise, timeoutAfter(ms)]);
}

export async function answer(prompt) {
  return callWithTimeout(client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] }, { signal: AbortSignal.timeout(8000) }), 8000);
}
`,
          },
        ],
      },
    ],
    output: null,
  },
  {
    // Through a same-file wrapper: the signal becomes its optional last parameter and reaches the request.
    code: `import OpenAI from "openai";
const client = new OpenAI();
async function checkClaim(claim: string) {
  const completion = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: claim }], max_completion_tokens: 5 });
  return { claim, isTrue: completion.choices[0]?.message.content === "true" };
}
export async function confirm(claims: string[]) {
  const checks = claims.map((claim) => checkClaim(claim));
  const confirmed: string[] = [];
  for (const check of checks) {
    const { claim, isTrue } = await check;
    if (isTrue) confirmed.push(claim);
    if (confirmed.length === 10) break;
  }
  return confirmed;
}`,
    errors: [
      {
        messageId: "eagerEarlyExit",
        line: 8,
        column: 18,
        suggestions: [
          {
            messageId: "useMapLazy",
            output: `import OpenAI from "openai";
import { mapLazy } from "llm-cost-runtime";
const client = new OpenAI();
async function checkClaim(claim: string, signal?: AbortSignal) {
  const completion = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: claim }], max_completion_tokens: 5 }, { signal });
  return { claim, isTrue: completion.choices[0]?.message.content === "true" };
}
export async function confirm(claims: string[]) {
  const confirmed: string[] = [];
  for await (const { claim, isTrue } of mapLazy(claims, (claim, _index, { signal }) => checkClaim(claim, signal), { concurrency: 4 })) {
    if (isTrue) confirmed.push(claim);
    if (confirmed.length === 10) break;
  }
  return confirmed;
}`,
          },
        ],
      },
    ],
  },
  {
    // A wrapper passed by reference: the mapper becomes an arrow that hands the signal on.
    code: `import OpenAI from "openai";
const client = new OpenAI();
async function checkClaim(claim: string) {
  const completion = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: claim }], max_completion_tokens: 5 });
  return { claim, isTrue: completion.choices[0]?.message.content === "true" };
}
export async function confirm(claims: string[]) {
  const confirmed: string[] = [];
  for (const check of claims.map(checkClaim)) {
    const { claim, isTrue } = await check;
    if (isTrue) confirmed.push(claim);
    if (confirmed.length === 10) break;
  }
  return confirmed;
}`,
    errors: [
      {
        messageId: "eagerEarlyExit",
        line: 9,
        column: 23,
        suggestions: [
          {
            messageId: "useMapLazy",
            output: `import OpenAI from "openai";
import { mapLazy } from "llm-cost-runtime";
const client = new OpenAI();
async function checkClaim(claim: string, signal?: AbortSignal) {
  const completion = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: claim }], max_completion_tokens: 5 }, { signal });
  return { claim, isTrue: completion.choices[0]?.message.content === "true" };
}
export async function confirm(claims: string[]) {
  const confirmed: string[] = [];
  for await (const { claim, isTrue } of mapLazy(claims, (_item, _index, { signal }) => checkClaim(_item, signal), { concurrency: 4 })) {
    if (isTrue) confirmed.push(claim);
    if (confirmed.length === 10) break;
  }
  return confirmed;
}`,
          },
        ],
      },
    ],
  },
  {
    // The same in JavaScript: an untyped parameter.
    filename: "file.js",
    code: `import OpenAI from "openai";
const client = new OpenAI();
async function checkClaim(claim) {
  const completion = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: claim }], max_completion_tokens: 5 });
  return { claim, isTrue: completion.choices[0].message.content === "true" };
}
export async function confirm(claims) {
  const checks = claims.map((claim) => checkClaim(claim));
  const confirmed = [];
  for (const check of checks) {
    const { claim, isTrue } = await check;
    if (isTrue) confirmed.push(claim);
    if (confirmed.length === 10) break;
  }
  return confirmed;
}`,
    errors: [
      {
        messageId: "eagerEarlyExit",
        line: 8,
        column: 18,
        suggestions: [
          {
            messageId: "useMapLazy",
            output: `import OpenAI from "openai";
import { mapLazy } from "llm-cost-runtime";
const client = new OpenAI();
async function checkClaim(claim, signal) {
  const completion = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: claim }], max_completion_tokens: 5 }, { signal });
  return { claim, isTrue: completion.choices[0].message.content === "true" };
}
export async function confirm(claims) {
  const confirmed = [];
  for await (const { claim, isTrue } of mapLazy(claims, (claim, _index, { signal }) => checkClaim(claim, signal), { concurrency: 4 })) {
    if (isTrue) confirmed.push(claim);
    if (confirmed.length === 10) break;
  }
  return confirmed;
}`,
          },
        ],
      },
    ],
  },
  {
    // A wrapper with a defaulted parameter is left as it is: no signal is threaded through it.
    code: `import OpenAI from "openai";
const client = new OpenAI();
async function checkClaim(claim: string, model = "gpt-4o-mini") {
  const completion = await client.chat.completions.create({ model, messages: [{ role: "user", content: claim }], max_completion_tokens: 5 });
  return { claim, isTrue: completion.choices[0]?.message.content === "true" };
}
export async function confirm(claims: string[]) {
  const checks = claims.map((claim) => checkClaim(claim));
  const confirmed: string[] = [];
  for (const check of checks) {
    const { claim, isTrue } = await check;
    if (isTrue) confirmed.push(claim);
    if (confirmed.length === 10) break;
  }
  return confirmed;
}`,
    errors: [
      {
        messageId: "eagerEarlyExit",
        line: 8,
        column: 18,
        suggestions: [
          {
            messageId: "useMapLazy",
            output: `import OpenAI from "openai";
import { mapLazy } from "llm-cost-runtime";
const client = new OpenAI();
async function checkClaim(claim: string, model = "gpt-4o-mini") {
  const completion = await client.chat.completions.create({ model, messages: [{ role: "user", content: claim }], max_completion_tokens: 5 });
  return { claim, isTrue: completion.choices[0]?.message.content === "true" };
}
export async function confirm(claims: string[]) {
  const confirmed: string[] = [];
  for await (const { claim, isTrue } of mapLazy(claims, (claim) => checkClaim(claim), { concurrency: 4 })) {
    if (isTrue) confirmed.push(claim);
    if (confirmed.length === 10) break;
  }
  return confirmed;
}`,
          },
        ],
      },
    ],
  },
    {
      // the validation client: start 100, keep the first 10 good ones
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function validate(prompts: string[]) {
  const pending = prompts.map((prompt) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] }));
  const accepted: string[] = [];
  for (const request of pending) {
    const response = await request;
    if (response.choices[0]?.message.content === "true") accepted.push(response.id);
    if (accepted.length === 10) break;
  }
  return accepted;
}
`,
      errors: [
        {
          messageId: "eagerEarlyExit",
          line: 6,
          column: 19,
          suggestions: [
            {
              messageId: "useMapLazy",
              output: `import OpenAI from "openai";
import { mapLazy } from "llm-cost-runtime";

const client = new OpenAI();

export async function validate(prompts: string[]) {
  const accepted: string[] = [];
  for await (const response of mapLazy(prompts, (prompt, _index, { signal }) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] }, { signal }), { concurrency: 4 })) {
    if (response.choices[0]?.message.content === "true") accepted.push(response.id);
    if (accepted.length === 10) break;
  }
  return accepted;
}
`,
            },
          ],
        },
      ],
      output: null,
    },
    {
      // return on the first failure, with fetch
      code: `export async function allHealthy(urls: string[]) {
  const checks = urls.map((url) => fetch(url));
  for (const check of checks) {
    if (!(await check).ok) return false;
  }
  return true;
}
`,
      errors: [
        {
          messageId: "eagerEarlyExit",
          line: 2,
          column: 18,
          suggestions: [
            {
              messageId: "useMapLazy",
              output: `import { mapLazy } from "llm-cost-runtime";
export async function allHealthy(urls: string[]) {
  for await (const check of mapLazy(urls, (url, _index, { signal }) => fetch(url, { signal }), { concurrency: 4 })) {
    if (!check.ok) return false;
  }
  return true;
}
`,
            },
          ],
        },
      ],
      output: null,
    },
    {
      // throw on the first failure
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function strict(prompts: string[]) {
  const pending = prompts.map((p) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }));
  const out = [];
  for (const r of pending) {
    const response = await r;
    if (!response.choices.length) throw new Error("empty answer");
    out.push(response);
  }
  return out;
}
`,
      errors: [
        {
          messageId: "eagerEarlyExit",
          line: 6,
          column: 19,
          suggestions: [
            {
              messageId: "useMapLazy",
              output: `import OpenAI from "openai";
import { mapLazy } from "llm-cost-runtime";

const client = new OpenAI();

export async function strict(prompts: string[]) {
  const out = [];
  for await (const response of mapLazy(prompts, (p, _index, { signal }) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }, { signal }), { concurrency: 4 })) {
    if (!response.choices.length) throw new Error("empty answer");
    out.push(response);
  }
  return out;
}
`,
            },
          ],
        },
      ],
      output: null,
    },
    {
      // a labelled break from an inner loop
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function scan(prompts: string[], stopWords: string[]) {
  const pending = prompts.map((p) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }));
  outer: for (const r of pending) {
    const text = (await r).choices[0]?.message.content ?? "";
    for (const word of stopWords) {
      if (text.includes(word)) break outer;
    }
  }
}
`,
      errors: [
        {
          messageId: "eagerEarlyExit",
          line: 6,
          column: 19,
          suggestions: [],
        },
      ],
      output: null,
    },
    {
      // return inside a switch
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function route(prompts: string[]) {
  const pending = prompts.map((p) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }));
  for (const r of pending) {
    switch ((await r).choices[0]?.finish_reason) {
      case "content_filter":
        return "blocked";
      default:
        break;
    }
  }
  return "ok";
}
`,
      errors: [
        {
          messageId: "eagerEarlyExit",
          line: 6,
          column: 19,
          suggestions: [
            {
              messageId: "useMapLazy",
              output: `import OpenAI from "openai";
import { mapLazy } from "llm-cost-runtime";

const client = new OpenAI();

export async function route(prompts: string[]) {
  for await (const r of mapLazy(prompts, (p, _index, { signal }) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }, { signal }), { concurrency: 4 })) {
    switch (r.choices[0]?.finish_reason) {
      case "content_filter":
        return "blocked";
      default:
        break;
    }
  }
  return "ok";
}
`,
            },
          ],
        },
      ],
      output: null,
    },
    {
      // for await over eager promises
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function firstYes(prompts: string[]) {
  for await (const r of prompts.map((p) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }))) {
    if (r.choices[0]?.message.content === "yes") return r;
  }
  return undefined;
}
`,
      errors: [
        {
          messageId: "eagerEarlyExit",
          line: 6,
          column: 25,
          suggestions: [
            {
              messageId: "useMapLazy",
              output: `import OpenAI from "openai";
import { mapLazy } from "llm-cost-runtime";

const client = new OpenAI();

export async function firstYes(prompts: string[]) {
  for await (const r of mapLazy(prompts, (p, _index, { signal }) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }, { signal }), { concurrency: 4 })) {
    if (r.choices[0]?.message.content === "yes") return r;
  }
  return undefined;
}
`,
            },
          ],
        },
      ],
      output: null,
    },
    {
      // an indexed loop: reported, no suggestion
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function firstYes(prompts: string[]) {
  const pending = prompts.map((p) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }));
  for (let i = 0; i < pending.length; i++) {
    if ((await pending[i])?.choices[0]?.message.content === "yes") return i;
  }
  return -1;
}
`,
      errors: [
        {
          messageId: "eagerEarlyExit",
          line: 6,
          column: 19,
          suggestions: [],
        },
      ],
      output: null,
    },
    {
      // entries()
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function firstYes(prompts: string[]) {
  const pending = prompts.map((p) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }));
  for (const [i, r] of pending.entries()) {
    if ((await r).choices[0]?.message.content === "yes") return i;
  }
  return -1;
}
`,
      errors: [
        {
          messageId: "eagerEarlyExit",
          line: 6,
          column: 19,
          suggestions: [],
        },
      ],
      output: null,
    },
    {
      // a push loop
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function firstYes(prompts: string[]) {
  const pending = [];
  for (const p of prompts) pending.push(client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }));
  for (const r of pending) {
    if ((await r).choices[0]?.message.content === "yes") return r;
  }
  return undefined;
}
`,
      errors: [
        {
          messageId: "eagerEarlyExit",
          line: 7,
          column: 3,
          suggestions: [],
        },
      ],
      output: null,
    },
    {
      // an array literal: the count is static
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function firstYes(a: string, b: string, c: string) {
  for (const r of [client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: a }] }), client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: b }] }), client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: c }] })]) {
    if ((await r).choices[0]?.message.content === "yes") return r;
  }
  return undefined;
}
`,
      errors: [
        {
          messageId: "eagerEarlyExit",
          line: 6,
          column: 19,
          suggestions: [],
        },
      ],
      output: null,
    },
    {
      // a static source length
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function firstYes() {
  const pending = ["a", "b", "c", "d"].map((p) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }));
  for (const r of pending) {
    if ((await r).choices[0]?.message.content === "yes") return r;
  }
  return undefined;
}
`,
      errors: [
        {
          messageId: "eagerEarlyExit",
          line: 6,
          column: 19,
          suggestions: [],
        },
      ],
      output: null,
    },
    {
      // the timeout race
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function withDeadline(prompt: string) {
  return Promise.race([
    client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] }),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), 10_000)),
  ]);
}
`,
      errors: [
        {
          messageId: "unabortedRace",
          line: 6,
          column: 10,
          suggestions: [
            {
              messageId: "useAbortableRace",
              output: `import OpenAI from "openai";
import { raceAbortable } from "llm-cost-runtime";

const client = new OpenAI();

export async function withDeadline(prompt: string) {
  return raceAbortable([(signal) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] }, { signal }), () => new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), 10_000))]);
}
`,
            },
            {
              messageId: "useTimeoutSignal",
              output: `import OpenAI from "openai";

const client = new OpenAI();

export async function withDeadline(prompt: string) {
  return Promise.race([
    client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] }, { signal: AbortSignal.timeout(10_000) }),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), 10_000)),
  ]);
}
`,
            },
          ],
        },
      ],
      output: null,
    },
    {
      // Promise.any over the AI SDK
      code: `import { generateText } from "ai";
import { openai } from "@ai-sdk/openai";

export async function fastest(prompt: string) {
  return Promise.any([generateText({ model: openai("gpt-4o-mini"), prompt }), generateText({ model: openai("gpt-4o"), prompt })]);
}
`,
      errors: [
        {
          messageId: "unabortedRace",
          line: 5,
          column: 10,
          suggestions: [
            {
              messageId: "useAbortableRace",
              output: `import { generateText } from "ai";
import { openai } from "@ai-sdk/openai";
import { anyAbortable } from "llm-cost-runtime";

export async function fastest(prompt: string) {
  return anyAbortable([(signal) => generateText({ model: openai("gpt-4o-mini"), prompt, abortSignal: signal }), (signal) => generateText({ model: openai("gpt-4o"), prompt, abortSignal: signal })]);
}
`,
            },
          ],
        },
      ],
      output: null,
    },
    {
      // Gemini: the signal goes into config
      code: `import { GoogleGenAI } from "@google/genai";

const ai = new GoogleGenAI({});

export async function withDeadline(contents: string, timeout: Promise<never>) {
  return Promise.race([ai.models.generateContent({ model: "gemini-2.5-flash", contents, config: { temperature: 0 } }), ai.models.generateContent({ model: "gemini-2.5-pro", contents }), timeout]);
}
`,
      errors: [
        {
          messageId: "unabortedRace",
          line: 6,
          column: 10,
          suggestions: [
            {
              messageId: "useAbortableRace",
              output: `import { GoogleGenAI } from "@google/genai";
import { raceAbortable } from "llm-cost-runtime";

const ai = new GoogleGenAI({});

export async function withDeadline(contents: string, timeout: Promise<never>) {
  return raceAbortable([(signal) => ai.models.generateContent({ model: "gemini-2.5-flash", contents, config: { temperature: 0, abortSignal: signal } }), (signal) => ai.models.generateContent({ model: "gemini-2.5-pro", contents, config: { abortSignal: signal } }), () => timeout]);
}
`,
            },
          ],
        },
      ],
      output: null,
    },
    {
      // a race over a mapped collection: reported, no suggestion
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function fastest(models: string[], prompt: string) {
  return Promise.race(models.map((model) => client.chat.completions.create({ model, messages: [{ role: "user", content: prompt }] })));
}
`,
      errors: [
        {
          messageId: "unabortedRace",
          line: 6,
          column: 10,
          suggestions: [],
        },
      ],
      output: null,
    },
    {
      // a fetch race
      code: `export async function fetchWithDeadline(url: string, timeout: Promise<never>) {
  return Promise.race([fetch(url, { method: "POST" }), timeout]);
}
`,
      errors: [
        {
          messageId: "unabortedRace",
          line: 2,
          column: 10,
          suggestions: [
            {
              messageId: "useAbortableRace",
              output: `import { raceAbortable } from "llm-cost-runtime";
export async function fetchWithDeadline(url: string, timeout: Promise<never>) {
  return raceAbortable([(signal) => fetch(url, { method: "POST", signal }), () => timeout]);
}
`,
            },
          ],
        },
      ],
      output: null,
    },
    {
      // options
      code: `import OpenAI from "openai";

const client = new OpenAI();

export async function firstYes(prompts: string[]) {
  for (const r of prompts.map((p) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }))) {
    const answer = await r;
    if (answer.choices[0]?.message.content === "yes") return answer;
  }
  return undefined;
}
`,
      options: [{"concurrency":2,"importSource":"@acme/llm-runtime"}],
      errors: [
        {
          messageId: "eagerEarlyExit",
          line: 6,
          column: 19,
          suggestions: [
            {
              messageId: "useMapLazy",
              data: { concurrency: "2", importSource: "@acme/llm-runtime", requirement: " First add `@acme/llm-runtime` to `dependencies` (`npm i @acme/llm-runtime`): it is not installed for this file." },
              output: `import OpenAI from "openai";
import { mapLazy } from "@acme/llm-runtime";

const client = new OpenAI();

export async function firstYes(prompts: string[]) {
  for await (const answer of mapLazy(prompts, (p, _index, { signal }) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }, { signal }), { concurrency: 2 })) {
    if (answer.choices[0]?.message.content === "yes") return answer;
  }
  return undefined;
}
`,
            },
          ],
        },
      ],
      output: null,
    },
    {
      // a local async helper in the race gets no signal; the fetch does
      code: `async function cached(url: string): Promise<Response | undefined> {
  return undefined;
}

export async function load(url: string) {
  return Promise.race([fetch(url), cached(url)]);
}
`,
      errors: [
        {
          messageId: "unabortedRace",
          line: 6,
          column: 10,
          suggestions: [
            {
              messageId: "useAbortableRace",
              output: `import { raceAbortable } from "llm-cost-runtime";
async function cached(url: string): Promise<Response | undefined> {
  return undefined;
}

export async function load(url: string) {
  return raceAbortable([(signal) => fetch(url, { signal }), () => cached(url)]);
}
`,
            },
          ],
        },
      ],
      output: null,
    },
  {
    code: `// dollars per abandoned request (3 prompt tokens × $2.5/M + 1,000 output tokens × $10/M = $0.0100075) and for the 2 of 3 the loop may abandon ($0.020015)
import OpenAI from "openai";

const client = new OpenAI();

export async function firstRelevant() {
  const pending = ["pricing", "refunds", "shipping"].map((topic) =>
    client.chat.completions.create({ model: "gpt-4o", max_completion_tokens: 1000, messages: [{ role: "user", content: \`Is \${topic} covered?\` }] }),
  );
  for (const reply of pending) {
    const completion = await reply;
    if (completion.choices[0]!.message.content === "yes") return completion;
  }
  return undefined;
}
`,
    errors: [
      {
        messageId: "eagerEarlyExit",
        data: { work: "LLM requests", line: "10", exit: "return", billed: " and billing", wasted: "; up to 2 of these 3 may be wasted", cost: " Each abandoned request can bill up to $0.01 (gpt-4o: 3 prompt tokens × $2.5/M + 1,000 output tokens (its cap) × $10/M), up to $0.02 for the 2." },
        line: 7,
        column: 19,
        suggestions: [
          { messageId: "useMapLazy", output: `// dollars per abandoned request (3 prompt tokens × $2.5/M + 1,000 output tokens × $10/M = $0.0100075) and for the 2 of 3 the loop may abandon ($0.020015)
import OpenAI from "openai";
import { mapLazy } from "llm-cost-runtime";

const client = new OpenAI();

export async function firstRelevant() {
  for await (const completion of mapLazy(["pricing", "refunds", "shipping"], (topic, _index, { signal }) =>
    client.chat.completions.create({ model: "gpt-4o", max_completion_tokens: 1000, messages: [{ role: "user", content: \`Is \${topic} covered?\` }] }, { signal }), { concurrency: 4 })) {
    if (completion.choices[0]!.message.content === "yes") return completion;
  }
  return undefined;
}
` },
        ],
      },
    ],
  },
  {
    code: `// dollars per losing request (7 prompt tokens × $3/M + 2,000 output tokens × $15/M = $0.030021)
import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic();

export async function answer(messages: Anthropic.MessageParam[]) {
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timed out")), 10_000));
  return Promise.race([client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 2000, system: "Answer from the handbook only.", messages }), timeout]);
}
`,
    errors: [
      {
        messageId: "unabortedRace",
        data: { method: "race", work: "LLM requests", billed: " and billing", retry: "", cost: " Each abandoned request can bill up to $0.03 (claude-sonnet-4-5: 7 prompt tokens × $3/M + 2,000 output tokens (its cap) × $15/M)." },
        line: 8,
        column: 10,
        suggestions: [
          { messageId: "useAbortableRace", output: `// dollars per losing request (7 prompt tokens × $3/M + 2,000 output tokens × $15/M = $0.030021)
import Anthropic from "@anthropic-ai/sdk";
import { raceAbortable } from "llm-cost-runtime";

const client = new Anthropic();

export async function answer(messages: Anthropic.MessageParam[]) {
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timed out")), 10_000));
  return raceAbortable([(signal) => client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 2000, system: "Answer from the handbook only.", messages }, { signal }), () => timeout]);
}
` },
          { messageId: "useTimeoutSignal", output: `// dollars per losing request (7 prompt tokens × $3/M + 2,000 output tokens × $15/M = $0.030021)
import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic();

export async function answer(messages: Anthropic.MessageParam[]) {
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timed out")), 10_000));
  return Promise.race([client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 2000, system: "Answer from the handbook only.", messages }, { signal: AbortSignal.timeout(10_000) }), timeout]);
}
` },
        ],
      },
    ],
  },
  {
    code: `// no dollars: the model is not static
import OpenAI from "openai";

const client = new OpenAI();

export async function firstRelevant(model: string) {
  const pending = ["pricing", "refunds", "shipping"].map((topic) =>
    client.chat.completions.create({ model, max_completion_tokens: 100, messages: [{ role: "user", content: \`Is \${topic} covered?\` }] }),
  );
  for (const reply of pending) {
    const completion = await reply;
    if (completion.choices[0]!.message.content === "yes") return completion;
  }
  return undefined;
}
`,
    errors: [
      {
        messageId: "eagerEarlyExit",
        data: { work: "LLM requests", line: "10", exit: "return", billed: " and billing", wasted: "; up to 2 of these 3 may be wasted", cost: "" },
        line: 7,
        column: 19,
        suggestions: [
          { messageId: "useMapLazy", output: `// no dollars: the model is not static
import OpenAI from "openai";
import { mapLazy } from "llm-cost-runtime";

const client = new OpenAI();

export async function firstRelevant(model: string) {
  for await (const completion of mapLazy(["pricing", "refunds", "shipping"], (topic, _index, { signal }) =>
    client.chat.completions.create({ model, max_completion_tokens: 100, messages: [{ role: "user", content: \`Is \${topic} covered?\` }] }, { signal }), { concurrency: 4 })) {
    if (completion.choices[0]!.message.content === "yes") return completion;
  }
  return undefined;
}
` },
        ],
      },
    ],
  },
];

const typedOnly: InvalidTestCase<MessageIds, Options>[] = [];

runRuleCasesWithFixedCodeChecks("no-eager-early-exit", rule, { valid, invalid, typedOnly });

// The suggestions add a runtime import; where it does not resolve for the linted file in production, their
// message says what to install first.
describe("no-eager-early-exit: suggestions and where the runtime resolves", () => {
  const projects = createRuntimeProjects();
  afterAll(() => projects.cleanup());
  const code = `import OpenAI from "openai";

const client = new OpenAI();

export async function firstYes(prompts: string[]) {
  for (const r of prompts.map((p) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }))) {
    const answer = await r;
    if (answer.choices[0]?.message.content === "yes") return answer;
  }
  return undefined;
}
`;
  const output = `import OpenAI from "openai";
import { mapLazy } from "llm-cost-runtime";

const client = new OpenAI();

export async function firstYes(prompts: string[]) {
  for await (const answer of mapLazy(prompts, (p, _index, { signal }) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }, { signal }), { concurrency: 4 })) {
    if (answer.choices[0]?.message.content === "yes") return answer;
  }
  return undefined;
}
`;
  const suggested = (kind: RuntimeProjectKind, requirement: string): InvalidTestCase<MessageIds, Options> => ({
    code,
    filename: projects.file(kind),
    errors: [
      {
        messageId: "eagerEarlyExit",
        suggestions: [
          {
            messageId: "useMapLazy",
            data: { concurrency: "4", importSource: "llm-cost-runtime", requirement },
            output,
          },
        ],
      },
    ],
  });
  const raceCode = `import OpenAI from "openai";

const client = new OpenAI();

export const fastest = (body: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming) =>
  Promise.race([client.chat.completions.create(body), client.chat.completions.create(body)]);
`;
  createUntypedRuleTester().run("no-eager-early-exit", rule, {
    valid: [],
    invalid: [
      suggested("listed", ""),
      suggested("monorepo", ""),
      suggested("absent", " First add `llm-cost-runtime` to `dependencies` (`npm i llm-cost-runtime`): it is not installed for this file."),
      suggested("installed-dev", " First move `llm-cost-runtime` from `devDependencies` to `dependencies`: a production install leaves it out."),
      {
        code: raceCode,
        filename: projects.file("absent"),
        errors: [
          {
            messageId: "unabortedRace",
            suggestions: [
              {
                messageId: "useAbortableRace",
                data: {
                  helper: "raceAbortable",
                  importSource: "llm-cost-runtime",
                  requirement: " First add `llm-cost-runtime` to `dependencies` (`npm i llm-cost-runtime`): it is not installed for this file.",
                },
                output: `import OpenAI from "openai";
import { raceAbortable } from "llm-cost-runtime";

const client = new OpenAI();

export const fastest = (body: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming) =>
  raceAbortable([(signal) => client.chat.completions.create(body, { signal }), (signal) => client.chat.completions.create(body, { signal })]);
`,
              },
            ],
          },
        ],
      },
    ],
  });
});
