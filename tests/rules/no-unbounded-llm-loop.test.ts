import type { InvalidTestCase, ValidTestCase } from "@typescript-eslint/rule-tester";

import rule, { type MessageIds, type Options } from "../../rules/no-unbounded-llm-loop.js";
import { runRuleCasesWithFixedCodeChecks } from "../rules-fixed-code.js";

const valid: ValidTestCase<Options>[] = [
  {
    code: `// the AI SDK's stopWhen with a finite step count next to the tool condition: bounded
import { generateText, hasToolCall, stepCountIs, tool } from "ai";
import { openai } from "@ai-sdk/openai";
import { z } from "zod";

const done = tool({ description: "Finish", inputSchema: z.object({ answer: z.string() }), execute: async ({ answer }) => answer });

export const research = (prompt: string) =>
  generateText({ model: openai("gpt-4o"), tools: { done }, prompt, maxOutputTokens: 500, stopWhen: [hasToolCall("done"), stepCountIs(15)] });
`,
  },
  {
    code: `// a stop condition of the caller's own: the analysis cannot read it, so it stays silent
import { generateText, tool } from "ai";
import { openai } from "@ai-sdk/openai";
import { z } from "zod";

const search = tool({ description: "Search", inputSchema: z.object({ query: z.string() }), execute: async ({ query }) => query });

export const research = (prompt: string) =>
  generateText({ model: openai("gpt-4o"), tools: { search }, prompt, maxOutputTokens: 500, stopWhen: ({ steps }) => steps.length >= 8 });
`,
  },
  {
    code: `// hasToolCall without tools: no step can call a tool, so there is no loop
import { generateText, hasToolCall } from "ai";
import { openai } from "@ai-sdk/openai";

export const answer = (prompt: string) => generateText({ model: openai("gpt-4o"), prompt, maxOutputTokens: 500, stopWhen: hasToolCall("done") });
`,
  },
  {
    code: `// a finite session limit
export const config = { model: "gemini-2.5-pro", maxSessionTurns: 50 };
`,
  },
  {
    code: `// a counter in the loop's test
import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic();
declare function runTools(content: Anthropic.ContentBlock[]): Promise<Anthropic.ToolResultBlockParam[]>;

export async function run(messages: Anthropic.MessageParam[]) {
  for (let turn = 0; turn < 10; turn++) {
    const response = await client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 1024, messages });
    if (response.stop_reason !== "tool_use") return response;
    messages.push({ role: "assistant", content: response.content }, { role: "user", content: await runTools(response.content) });
  }
  throw new Error("too many turns");
}
`,
  },
  {
    code: `// a counter checked by an if … throw inside the loop
import OpenAI from "openai";

const openai = new OpenAI();
declare function execute(call: OpenAI.Chat.ChatCompletionMessageToolCall): Promise<string>;

export async function run(messages: OpenAI.Chat.ChatCompletionMessageParam[]) {
  let turns = 0;
  while (true) {
    const completion = await openai.chat.completions.create({ model: "gpt-4o", messages, max_completion_tokens: 500 });
    const message = completion.choices[0]!.message;
    messages.push(message);
    if (!message.tool_calls) return message.content;
    if (++turns > 10) throw new Error("too many turns");
    for (const call of message.tool_calls) messages.push({ role: "tool", tool_call_id: call.id, content: await execute(call) });
  }
}
`,
  },
  {
    code: `// a counter next to the model's condition in the test
import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic();

export async function run(messages: Anthropic.MessageParam[], maxTurns: number) {
  let response: Anthropic.Message;
  let turn = 0;
  do {
    response = await client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 1024, messages });
    turn += 1;
  } while (response.stop_reason === "tool_use" && turn < maxTurns);
  return response;
}
`,
  },
  {
    code: `// a retry with an attempt limit
import OpenAI from "openai";

const openai = new OpenAI();

export async function ask(prompt: string) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: prompt }], max_completion_tokens: 300 });
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}
`,
  },
  {
    code: `// a retry that gives up on the first failure it does not expect
import OpenAI from "openai";

const openai = new OpenAI();

export async function ask(prompt: string) {
  while (true) {
    try {
      return await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: prompt }], max_completion_tokens: 300 });
    } catch (error) {
      throw new Error("failed", { cause: error });
    }
  }
}
`,
  },
  {
    code: `// a token budget: usage grows with spending, not with the model's decisions
import OpenAI from "openai";

const openai = new OpenAI();

export async function run(messages: OpenAI.Chat.ChatCompletionMessageParam[]) {
  let spent = 0;
  while (true) {
    const completion = await openai.chat.completions.create({ model: "gpt-4o", messages, max_completion_tokens: 500 });
    spent += completion.usage?.total_tokens ?? 0;
    if (spent > 100_000) break;
    const message = completion.choices[0]!.message;
    if (!message.tool_calls) break;
    messages.push(message);
  }
}
`,
  },
  {
    code: `// a time budget
import OpenAI from "openai";

const openai = new OpenAI();

export async function run(messages: OpenAI.Chat.ChatCompletionMessageParam[]) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const completion = await openai.chat.completions.create({ model: "gpt-4o", messages, max_completion_tokens: 500 });
    if (completion.choices[0]?.finish_reason === "stop") return completion;
    messages.push(completion.choices[0]!.message);
  }
}
`,
  },
  {
    code: `// an interactive chat: each turn waits for the user
import OpenAI from "openai";
import readline from "node:readline/promises";

const openai = new OpenAI();
const rl = readline.createInterface({ input: process.stdin, output: process.stdout });

export async function chat() {
  const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [];
  while (true) {
    const input = await rl.question("> ");
    messages.push({ role: "user", content: input });
    const completion = await openai.chat.completions.create({ model: "gpt-4o", messages, max_completion_tokens: 500 });
    messages.push(completion.choices[0]!.message);
    if (completion.choices[0]?.message.content?.includes("Goodbye")) break;
  }
}
`,
  },
  {
    code: `// a queue drained from a database: the loop ends when the queue is empty
import OpenAI from "openai";

const openai = new OpenAI();
declare const jobs: { next(): Promise<{ text: string } | undefined> };

export async function drain() {
  while (true) {
    const job = await jobs.next();
    if (!job) break;
    await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: job.text }], max_completion_tokens: 300 });
  }
}
`,
  },
  {
    code: `// iteration over a collection
import OpenAI from "openai";

const openai = new OpenAI();

export async function summarizeAll(texts: string[]) {
  for (const text of texts) {
    await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: text }], max_completion_tokens: 300 });
  }
}
`,
  },
  {
    code: `// a flag another method sets: the analysis cannot see when, so it stays silent
import OpenAI from "openai";

export class Agent {
  private client = new OpenAI();
  private finished = false;

  async run(messages: OpenAI.Chat.ChatCompletionMessageParam[]) {
    while (!this.finished) {
      const completion = await this.client.chat.completions.create({ model: "gpt-4o", messages, max_completion_tokens: 500 });
      await this.handle(completion);
    }
  }

  private async handle(completion: OpenAI.Chat.ChatCompletion) {
    if (completion.choices[0]?.finish_reason === "stop") this.finished = true;
  }
}
`,
  },
  {
    code: `// stopped from outside: a signal handler clears the flag
import OpenAI from "openai";

const openai = new OpenAI();
let running = true;
process.on("SIGINT", () => {
  running = false;
});

export async function run(messages: OpenAI.Chat.ChatCompletionMessageParam[]) {
  while (running) {
    const completion = await openai.chat.completions.create({ model: "gpt-4o", messages, max_completion_tokens: 500 });
    if (completion.choices[0]?.finish_reason === "stop") break;
  }
}
`,
  },
  {
    code: `// an abort signal checked in the loop
import OpenAI from "openai";

const openai = new OpenAI();

export async function run(messages: OpenAI.Chat.ChatCompletionMessageParam[], signal: AbortSignal) {
  while (!signal.aborted) {
    const completion = await openai.chat.completions.create({ model: "gpt-4o", messages, max_completion_tokens: 500 });
    if (completion.choices[0]?.finish_reason === "stop") return completion;
  }
}
`,
  },
  {
    code: `// polling that bills nothing: no LLM request in the loop
import OpenAI from "openai";

const openai = new OpenAI();

export async function wait(threadId: string, runId: string) {
  let run = await openai.beta.threads.runs.retrieve(runId, { thread_id: threadId });
  while (run.status === "queued" || run.status === "in_progress") {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    run = await openai.beta.threads.runs.retrieve(runId, { thread_id: threadId });
  }
  return run;
}
`,
  },
  {
    code: `// embeddings bill no output and decide nothing
import OpenAI from "openai";

const openai = new OpenAI();
declare const pages: { next(): string | undefined };

export async function embedAll() {
  let page: string | undefined;
  while ((page = pages.next()) !== undefined) {
    await openai.embeddings.create({ model: "text-embedding-3-small", input: page });
  }
}
`,
  },
  {
    code: `// recursion with a depth parameter checked against a limit
import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic();

export async function runAgent(messages: Anthropic.MessageParam[], depth = 0): Promise<Anthropic.Message> {
  if (depth > 5) throw new Error("too deep");
  const response = await client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 1024, messages });
  if (response.stop_reason === "tool_use") return runAgent([...messages, { role: "assistant", content: response.content }], depth + 1);
  return response;
}
`,
  },
  {
    code: `// a retry by recursion with an attempt count
import OpenAI from "openai";

const openai = new OpenAI();

export async function ask(prompt: string, retries = 3): Promise<string> {
  try {
    const completion = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: prompt }], max_completion_tokens: 300 });
    return completion.choices[0]?.message.content ?? "";
  } catch (error) {
    if (retries <= 0) throw error;
    return ask(prompt, retries - 1);
  }
}
`,
  },
  {
    code: `// a loop with no LLM request in it
export async function poll(check: () => Promise<boolean>) {
  while (true) {
    if (await check()) break;
  }
}
`,
  },
  {
    code: `// a worker that takes new input on every turn and never ends by design
import OpenAI from "openai";

const openai = new OpenAI();
declare const queue: { receive(): Promise<string> };

export async function worker() {
  while (true) {
    const text = await queue.receive();
    await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: text }], max_completion_tokens: 300 });
  }
}
`,
  },
  {
    code: `// a lookalike without the SDK: not an LLM call
export async function run(client: { messages: { create(body: object): Promise<{ done: boolean }> } }) {
  while (true) {
    const result = await client.messages.create({ to: "+1", body: "hi" });
    if (result.done) break;
  }
}
`,
  },
  { code: `` },
  { code: `while (true) {}` },
  { filename: "file.js", code: `for (;;) { if (Math.random() > 0.5) break; }` },
  {
    code: `// after enough tool calls the next request may not call a tool (tool_choice "none"), so the loop ends
import OpenAI from "openai";

const client = new OpenAI();
declare function lookup(args: string): Promise<string>;

export async function classify(headers: string[], messages: OpenAI.Chat.ChatCompletionMessageParam[], tools: OpenAI.Chat.ChatCompletionTool[]) {
  const config: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming = { model: "gpt-4.1", messages, tools, tool_choice: "auto", max_completion_tokens: 800 };
  let completion = await client.chat.completions.create(config);
  let toolCallCount = 0;
  while (completion.choices[0]?.finish_reason === "tool_calls") {
    const choice = completion.choices[0];
    messages.push(choice.message);
    for (const toolCall of choice.message.tool_calls ?? []) {
      if (toolCall.type !== "function") continue;
      messages.push({ role: "tool", tool_call_id: toolCall.id, content: await lookup(toolCall.function.arguments) });
      toolCallCount++;
    }
    if (toolCallCount >= headers.length) config.tool_choice = "none";
    completion = await client.chat.completions.create(config);
  }
  return completion.choices[0]?.message.content;
}
`,
  },
];

const invalid: InvalidTestCase<MessageIds, Options>[] = [
  {
    code: `// the AI SDK's stopWhen ends the loop only when the model calls one tool
import { generateText, hasToolCall, tool } from "ai";
import { openai } from "@ai-sdk/openai";
import { z } from "zod";

const search = tool({ description: "Search", inputSchema: z.object({ query: z.string() }), execute: async ({ query }) => query });
const done = tool({ description: "Finish", inputSchema: z.object({ answer: z.string() }), execute: async ({ answer }) => answer });

export const research = (prompt: string) =>
  generateText({ model: openai("gpt-4o"), tools: { search, done }, prompt, maxOutputTokens: 500, stopWhen: hasToolCall("done") });
`,
    errors: [
      {
        messageId: "loopSettingModelDecides",
        line: 10,
        column: 98,
        suggestions: [
          {
            messageId: "boundLoopSetting",
            output: `// the AI SDK's stopWhen ends the loop only when the model calls one tool
import { generateText, hasToolCall, tool, stepCountIs } from "ai";
import { openai } from "@ai-sdk/openai";
import { z } from "zod";

const search = tool({ description: "Search", inputSchema: z.object({ query: z.string() }), execute: async ({ query }) => query });
const done = tool({ description: "Finish", inputSchema: z.object({ answer: z.string() }), execute: async ({ answer }) => answer });

export const research = (prompt: string) =>
  generateText({ model: openai("gpt-4o"), tools: { search, done }, prompt, maxOutputTokens: 500, stopWhen: [hasToolCall("done"), stepCountIs(20)] });
`,
          },
        ],
      },
    ],
  },
  {
    code: `// a ToolLoopAgent whose stop conditions are all the model's tool calls
import { ToolLoopAgent, hasToolCall, stepCountIs, tool } from "ai";
import { openai } from "@ai-sdk/openai";
import { z } from "zod";

const done = tool({ description: "Finish", inputSchema: z.object({ answer: z.string() }), execute: async ({ answer }) => answer });
const fail = tool({ description: "Give up", inputSchema: z.object({ reason: z.string() }), execute: async ({ reason }) => reason });

export const agent = new ToolLoopAgent({
  model: openai("gpt-4o"),
  tools: { done, fail },
  maxOutputTokens: 500,
  stopWhen: [hasToolCall("done"), hasToolCall("fail")],
});
export const steps = stepCountIs;
`,
    errors: [
      {
        messageId: "loopSettingModelDecides",
        line: 13,
        column: 3,
        suggestions: [
          {
            messageId: "boundLoopSetting",
            output: `// a ToolLoopAgent whose stop conditions are all the model's tool calls
import { ToolLoopAgent, hasToolCall, stepCountIs, tool } from "ai";
import { openai } from "@ai-sdk/openai";
import { z } from "zod";

const done = tool({ description: "Finish", inputSchema: z.object({ answer: z.string() }), execute: async ({ answer }) => answer });
const fail = tool({ description: "Give up", inputSchema: z.object({ reason: z.string() }), execute: async ({ reason }) => reason });

export const agent = new ToolLoopAgent({
  model: openai("gpt-4o"),
  tools: { done, fail },
  maxOutputTokens: 500,
  stopWhen: [hasToolCall("done"), hasToolCall("fail"), stepCountIs(20)],
});
export const steps = stepCountIs;
`,
          },
        ],
      },
    ],
  },
  {
    filename: "agent.js",
    code: `// AI SDK 4's maxSteps set to Infinity
import { streamText } from "ai";
import { openai } from "@ai-sdk/openai";

export const chat = (messages, tools) => streamText({ model: openai("gpt-4o"), messages, tools, maxTokens: 500, maxSteps: Infinity });
`,
    errors: [
      {
        messageId: "loopSettingUnlimited",
        line: 5,
        column: 113,
        suggestions: [
          {
            messageId: "boundLoopSetting",
            output: `// AI SDK 4's maxSteps set to Infinity
import { streamText } from "ai";
import { openai } from "@ai-sdk/openai";

export const chat = (messages, tools) => streamText({ model: openai("gpt-4o"), messages, tools, maxTokens: 500, maxSteps: 20 });
`,
          },
        ],
      },
    ],
  },
  {
    filename: "agent.js",
    code: `// the OpenAI Agents SDK's maxTurns set to Infinity
import { Agent, run } from "@openai/agents";

const agent = new Agent({ name: "Researcher", instructions: "Research the question." });
export const research = (question) => run(agent, question, { maxTurns: Number.POSITIVE_INFINITY });
`,
    errors: [
      {
        messageId: "loopSettingUnlimited",
        line: 5,
        column: 62,
        suggestions: [
          {
            messageId: "boundLoopSetting",
            output: `// the OpenAI Agents SDK's maxTurns set to Infinity
import { Agent, run } from "@openai/agents";

const agent = new Agent({ name: "Researcher", instructions: "Research the question." });
export const research = (question) => run(agent, question, { maxTurns: 20 });
`,
          },
        ],
      },
    ],
  },
  {
    code: `// a session setting whose fallback means "no limit"
declare const settings: { maxSessionTurns?: number };

export const config = { model: "gemini-2.5-pro", maxSessionTurns: settings.maxSessionTurns ?? -1 };
`,
    errors: [
      {
        messageId: "loopSettingUnlimited",
        line: 4,
        column: 50,
        suggestions: [
          {
            messageId: "boundLoopSetting",
            output: `// a session setting whose fallback means "no limit"
declare const settings: { maxSessionTurns?: number };

export const config = { model: "gemini-2.5-pro", maxSessionTurns: settings.maxSessionTurns ?? 20 };
`,
          },
        ],
      },
    ],
  },
  {
    code: `// the Anthropic tool-use loop
import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic();
declare function runTools(content: Anthropic.ContentBlock[]): Promise<Anthropic.ToolResultBlockParam[]>;

export async function run(messages: Anthropic.MessageParam[]) {
  while (true) {
    const response = await client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 1024, messages, tools: [] });
    messages.push({ role: "assistant", content: response.content });
    if (response.stop_reason !== "tool_use") return response;
    messages.push({ role: "user", content: await runTools(response.content) });
  }
}
`,
    errors: [
      { messageId: "loopEndsOnModel", line: 8, column: 3, suggestions: [
        { messageId: "addTurnLimit", output: `// the Anthropic tool-use loop
import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic();
declare function runTools(content: Anthropic.ContentBlock[]): Promise<Anthropic.ToolResultBlockParam[]>;

export async function run(messages: Anthropic.MessageParam[]) {
  let turns = 0;
  while (true) {
    if (++turns > 20) throw new Error("Stopped after 20 turns: the model kept asking for more");
    const response = await client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 1024, messages, tools: [] });
    messages.push({ role: "assistant", content: response.content });
    if (response.stop_reason !== "tool_use") return response;
    messages.push({ role: "user", content: await runTools(response.content) });
  }
}
` },
      ] },
    ],
  },
  {
    code: `// do … while on the stop reason
import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic();
declare function runTools(content: Anthropic.ContentBlock[]): Promise<Anthropic.ToolResultBlockParam[]>;

export async function run(messages: Anthropic.MessageParam[]) {
  let response: Anthropic.Message;
  do {
    response = await client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 1024, messages });
    messages.push({ role: "assistant", content: response.content });
    if (response.stop_reason === "tool_use") messages.push({ role: "user", content: await runTools(response.content) });
  } while (response.stop_reason === "tool_use");
  return response;
}
`,
    errors: [
      { messageId: "loopEndsOnModel", line: 9, column: 3, suggestions: [
        { messageId: "addTurnLimit", output: `// do … while on the stop reason
import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic();
declare function runTools(content: Anthropic.ContentBlock[]): Promise<Anthropic.ToolResultBlockParam[]>;

export async function run(messages: Anthropic.MessageParam[]) {
  let response: Anthropic.Message;
  let turns = 0;
  do {
    if (++turns > 20) throw new Error("Stopped after 20 turns: the model kept asking for more");
    response = await client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 1024, messages });
    messages.push({ role: "assistant", content: response.content });
    if (response.stop_reason === "tool_use") messages.push({ role: "user", content: await runTools(response.content) });
  } while (response.stop_reason === "tool_use");
  return response;
}
` },
      ] },
    ],
  },
  {
    code: `// for (;;) with OpenAI tool calls, a counter that is never checked, and continue
import OpenAI from "openai";

const openai = new OpenAI();
declare function execute(call: OpenAI.Chat.ChatCompletionMessageToolCall): Promise<string>;

export async function run(messages: OpenAI.Chat.ChatCompletionMessageParam[]) {
  let calls = 0;
  for (;;) {
    calls++;
    const completion = await openai.chat.completions.create({ model: "gpt-4o", messages, max_completion_tokens: 500 });
    const message = completion.choices[0]!.message;
    messages.push(message);
    if (message.tool_calls?.length) {
      for (const call of message.tool_calls) messages.push({ role: "tool", tool_call_id: call.id, content: await execute(call) });
      continue;
    }
    return message.content;
  }
}
`,
    errors: [
      { messageId: "loopEndsOnModel", line: 9, column: 3, suggestions: [
        { messageId: "addTurnLimit", output: `// for (;;) with OpenAI tool calls, a counter that is never checked, and continue
import OpenAI from "openai";

const openai = new OpenAI();
declare function execute(call: OpenAI.Chat.ChatCompletionMessageToolCall): Promise<string>;

export async function run(messages: OpenAI.Chat.ChatCompletionMessageParam[]) {
  let calls = 0;
  let turns = 0;
  for (;;) {
    if (++turns > 20) throw new Error("Stopped after 20 turns: the model kept asking for more");
    calls++;
    const completion = await openai.chat.completions.create({ model: "gpt-4o", messages, max_completion_tokens: 500 });
    const message = completion.choices[0]!.message;
    messages.push(message);
    if (message.tool_calls?.length) {
      for (const call of message.tool_calls) messages.push({ role: "tool", tool_call_id: call.id, content: await execute(call) });
      continue;
    }
    return message.content;
  }
}
` },
      ] },
    ],
  },
  {
    code: `// refine until approved: the condition comes from the model's answer
import OpenAI from "openai";

const openai = new OpenAI();

export async function refine(draft: string) {
  let approved = false;
  while (!approved) {
    const review = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: \`Improve or reply APPROVED:\\n\${draft}\` }], max_completion_tokens: 800 });
    const answer = review.choices[0]?.message.content ?? "";
    approved = answer.includes("APPROVED");
    if (!approved) draft = answer;
  }
  return draft;
}
`,
    errors: [
      { messageId: "loopEndsOnModel", line: 8, column: 3, suggestions: [
        { messageId: "addTurnLimit", output: `// refine until approved: the condition comes from the model's answer
import OpenAI from "openai";

const openai = new OpenAI();

export async function refine(draft: string) {
  let approved = false;
  let turns = 0;
  while (!approved) {
    if (++turns > 20) throw new Error("Stopped after 20 turns: the model kept asking for more");
    const review = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: \`Improve or reply APPROVED:\\n\${draft}\` }], max_completion_tokens: 800 });
    const answer = review.choices[0]?.message.content ?? "";
    approved = answer.includes("APPROVED");
    if (!approved) draft = answer;
  }
  return draft;
}
` },
      ] },
    ],
  },
  {
    code: `// through a wrapper in the same file
import OpenAI from "openai";

const openai = new OpenAI();

function callModel(messages: OpenAI.Chat.ChatCompletionMessageParam[]) {
  return openai.chat.completions.create({ model: "gpt-4o", messages, tools: [], max_completion_tokens: 500 });
}

export async function run(messages: OpenAI.Chat.ChatCompletionMessageParam[]) {
  while (true) {
    const completion = await callModel(messages);
    messages.push(completion.choices[0]!.message);
    if (completion.choices[0]!.finish_reason !== "tool_calls") return completion;
  }
}
`,
    errors: [
      { messageId: "loopEndsOnModel", line: 11, column: 3, suggestions: [
        { messageId: "addTurnLimit", output: `// through a wrapper in the same file
import OpenAI from "openai";

const openai = new OpenAI();

function callModel(messages: OpenAI.Chat.ChatCompletionMessageParam[]) {
  return openai.chat.completions.create({ model: "gpt-4o", messages, tools: [], max_completion_tokens: 500 });
}

export async function run(messages: OpenAI.Chat.ChatCompletionMessageParam[]) {
  let turns = 0;
  while (true) {
    if (++turns > 20) throw new Error("Stopped after 20 turns: the model kept asking for more");
    const completion = await callModel(messages);
    messages.push(completion.choices[0]!.message);
    if (completion.choices[0]!.finish_reason !== "tool_calls") return completion;
  }
}
` },
      ] },
    ],
  },
  {
    code: `// retry with no attempt limit
import OpenAI from "openai";

const openai = new OpenAI();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function ask(prompt: string) {
  for (;;) {
    try {
      return await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: prompt }], max_completion_tokens: 300 });
    } catch (error) {
      console.warn(error);
      await sleep(1000);
    }
  }
}
`,
    errors: [
      { messageId: "loopRetriesForever", line: 8, column: 3, suggestions: [
        { messageId: "addAttemptLimit", output: `// retry with no attempt limit
import OpenAI from "openai";

const openai = new OpenAI();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function ask(prompt: string) {
  let attempts = 0;
  for (;;) {
    if (++attempts > 5) throw new Error("Gave up after 5 failed attempts");
    try {
      return await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: prompt }], max_completion_tokens: 300 });
    } catch (error) {
      console.warn(error);
      await sleep(1000);
    }
  }
}
` },
      ] },
    ],
  },
  {
    code: `// retry written with a flag
import { generateText } from "ai";
import { openai } from "@ai-sdk/openai";

export async function ask(prompt: string) {
  let done = false;
  let text = "";
  while (!done) {
    try {
      ({ text } = await generateText({ model: openai("gpt-4o"), prompt, maxOutputTokens: 300 }));
      done = true;
    } catch {
      // try again
    }
  }
  return text;
}
`,
    errors: [
      { messageId: "loopRetriesForever", line: 8, column: 3, suggestions: [
        { messageId: "addAttemptLimit", output: `// retry written with a flag
import { generateText } from "ai";
import { openai } from "@ai-sdk/openai";

export async function ask(prompt: string) {
  let done = false;
  let text = "";
  let attempts = 0;
  while (!done) {
    if (++attempts > 5) throw new Error("Gave up after 5 failed attempts");
    try {
      ({ text } = await generateText({ model: openai("gpt-4o"), prompt, maxOutputTokens: 300 }));
      done = true;
    } catch {
      // try again
    }
  }
  return text;
}
` },
      ] },
    ],
  },
  {
    code: `// nothing ends it, and the model's output goes back in
import OpenAI from "openai";

const openai = new OpenAI();

export async function talkToItself(messages: OpenAI.Chat.ChatCompletionMessageParam[]) {
  while (true) {
    const completion = await openai.chat.completions.create({ model: "gpt-4o", messages, max_completion_tokens: 300 });
    messages.push({ role: "user", content: completion.choices[0]?.message.content ?? "" });
  }
}
`,
    errors: [
      { messageId: "loopNeverEnds", line: 7, column: 3, suggestions: [
        { messageId: "addTurnLimit", output: `// nothing ends it, and the model's output goes back in
import OpenAI from "openai";

const openai = new OpenAI();

export async function talkToItself(messages: OpenAI.Chat.ChatCompletionMessageParam[]) {
  let turns = 0;
  while (true) {
    if (++turns > 20) throw new Error("Stopped after 20 turns: the model kept asking for more");
    const completion = await openai.chat.completions.create({ model: "gpt-4o", messages, max_completion_tokens: 300 });
    messages.push({ role: "user", content: completion.choices[0]?.message.content ?? "" });
  }
}
` },
      ] },
    ],
  },
  {
    code: `// a function that calls itself after the request
import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic();
declare function runTools(content: Anthropic.ContentBlock[]): Promise<Anthropic.ToolResultBlockParam[]>;

export async function runAgent(messages: Anthropic.MessageParam[]): Promise<Anthropic.Message> {
  const response = await client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 1024, messages });
  if (response.stop_reason === "tool_use") {
    const results = await runTools(response.content);
    return runAgent([...messages, { role: "assistant", content: response.content }, { role: "user", content: results }]);
  }
  return response;
}
`,
    errors: [
      { messageId: "recursionEndsOnModel", line: 11, column: 12, suggestions: [
        { messageId: "addDepthLimit", output: `// a function that calls itself after the request
import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic();
declare function runTools(content: Anthropic.ContentBlock[]): Promise<Anthropic.ToolResultBlockParam[]>;

export async function runAgent(messages: Anthropic.MessageParam[], depth = 0): Promise<Anthropic.Message> {
  if (depth >= 20) throw new Error("runAgent stopped at depth 20: the model kept asking for more");
  const response = await client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 1024, messages });
  if (response.stop_reason === "tool_use") {
    const results = await runTools(response.content);
    return runAgent([...messages, { role: "assistant", content: response.content }, { role: "user", content: results }], depth + 1);
  }
  return response;
}
` },
      ] },
    ],
  },
  {
    code: `// a method that calls itself
import OpenAI from "openai";

export class Agent {
  private client = new OpenAI();

  async step(messages: OpenAI.Chat.ChatCompletionMessageParam[]): Promise<string | null> {
    const completion = await this.client.chat.completions.create({ model: "gpt-4o", messages, max_completion_tokens: 500 });
    const message = completion.choices[0]!.message;
    if (!message.tool_calls) return message.content;
    return this.step([...messages, message]);
  }
}
`,
    errors: [
      { messageId: "recursionEndsOnModel", line: 11, column: 12, suggestions: [
        { messageId: "addDepthLimit", output: `// a method that calls itself
import OpenAI from "openai";

export class Agent {
  private client = new OpenAI();

  async step(messages: OpenAI.Chat.ChatCompletionMessageParam[], depth = 0): Promise<string | null> {
    if (depth >= 20) throw new Error("step stopped at depth 20: the model kept asking for more");
    const completion = await this.client.chat.completions.create({ model: "gpt-4o", messages, max_completion_tokens: 500 });
    const message = completion.choices[0]!.message;
    if (!message.tool_calls) return message.content;
    return this.step([...messages, message], depth + 1);
  }
}
` },
      ] },
    ],
  },
  {
    code: `// a retry by recursion
import OpenAI from "openai";

const openai = new OpenAI();

export async function ask(prompt: string): Promise<string> {
  try {
    const completion = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: prompt }], max_completion_tokens: 300 });
    return completion.choices[0]?.message.content ?? "";
  } catch {
    return ask(prompt);
  }
}
`,
    errors: [
      { messageId: "recursionRetriesForever", line: 11, column: 12, suggestions: [
        { messageId: "addAttemptLimit", output: `// a retry by recursion
import OpenAI from "openai";

const openai = new OpenAI();

export async function ask(prompt: string, attempts = 0): Promise<string> {
  if (attempts >= 5) throw new Error("Gave up after 5 failed attempts");
  try {
    const completion = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: prompt }], max_completion_tokens: 300 });
    return completion.choices[0]?.message.content ?? "";
  } catch {
    return ask(prompt, attempts + 1);
  }
}
` },
      ] },
    ],
  },
  {
    code: `// a loop whose body is not a block: reported, no suggestion
import OpenAI from "openai";

const openai = new OpenAI();

export async function run(messages: OpenAI.Chat.ChatCompletionMessageParam[]) {
  let completion: OpenAI.Chat.ChatCompletion;
  do completion = await openai.chat.completions.create({ model: "gpt-4o", messages, max_completion_tokens: 100 });
  while (completion.choices[0]?.finish_reason === "length");
  return completion;
}
`,
    errors: [
      { messageId: "loopEndsOnModel", line: 8, column: 3, suggestions: [
      ] },
    ],
  },
  {
    filename: "file.js",
    code: `// plain JavaScript, at module level
import OpenAI from "openai";

const client = new OpenAI();
const messages = [{ role: "user", content: "Plan my week" }];
while (true) {
  const response = await client.chat.completions.create({ model: "gpt-4o", messages, tools, max_completion_tokens: 500 });
  const choice = response.choices[0].message;
  if (!choice.tool_calls) {
    console.log(choice.content);
    break;
  }
  messages.push(choice, ...(await handleToolCalls(choice.tool_calls)));
}
`,
    errors: [
      { messageId: "loopEndsOnModel", line: 6, column: 1, suggestions: [
        { messageId: "addTurnLimit", output: `// plain JavaScript, at module level
import OpenAI from "openai";

const client = new OpenAI();
const messages = [{ role: "user", content: "Plan my week" }];
let turns = 0;
while (true) {
  if (++turns > 20) throw new Error("Stopped after 20 turns: the model kept asking for more");
  const response = await client.chat.completions.create({ model: "gpt-4o", messages, tools, max_completion_tokens: 500 });
  const choice = response.choices[0].message;
  if (!choice.tool_calls) {
    console.log(choice.content);
    break;
  }
  messages.push(choice, ...(await handleToolCalls(choice.tool_calls)));
}
` },
      ] },
    ],
  },
  // learned from real agents: a flag set only on the model's answer (tool results read from paths the model chose),
  // and a conversation re-read from a store the loop writes to, which is no user input
  {
    code: `import OpenAI from "openai";
import fs from "node:fs";

const client = new OpenAI();

export async function main(messages: OpenAI.Chat.ChatCompletionMessageParam[]) {
  let stop = false;
  while (!stop) {
    const response = await client.chat.completions.create({ model: "gpt-4o", messages, tools: [], max_completion_tokens: 500 });
    for (const choice of response.choices) {
      const message = choice.message;
      messages.push(message);
      if (message.tool_calls) {
        for (const call of message.tool_calls) {
          if (call.type !== "function") continue;
          const { file_path } = JSON.parse(call.function.arguments) as { file_path: string };
          const content = await fs.promises.readFile(file_path, "utf8");
          messages.push({ role: "tool", tool_call_id: call.id, content });
        }
      } else if (message.content) {
        stop = true;
      }
    }
  }
}
`,
    errors: [
      { messageId: "loopEndsOnModel", line: 8, column: 3, suggestions: [
        { messageId: "addTurnLimit", output: `import OpenAI from "openai";
import fs from "node:fs";

const client = new OpenAI();

export async function main(messages: OpenAI.Chat.ChatCompletionMessageParam[]) {
  let stop = false;
  let turns = 0;
  while (!stop) {
    if (++turns > 20) throw new Error("Stopped after 20 turns: the model kept asking for more");
    const response = await client.chat.completions.create({ model: "gpt-4o", messages, tools: [], max_completion_tokens: 500 });
    for (const choice of response.choices) {
      const message = choice.message;
      messages.push(message);
      if (message.tool_calls) {
        for (const call of message.tool_calls) {
          if (call.type !== "function") continue;
          const { file_path } = JSON.parse(call.function.arguments) as { file_path: string };
          const content = await fs.promises.readFile(file_path, "utf8");
          messages.push({ role: "tool", tool_call_id: call.id, content });
        }
      } else if (message.content) {
        stop = true;
      }
    }
  }
}
` },
      ] },
    ],
  },
  {
    code: `import OpenAI from "openai";

const client = new OpenAI();
declare function getMessages(): Promise<OpenAI.Chat.ChatCompletionMessageParam[]>;
declare function addMessage(message: OpenAI.Chat.ChatCompletionMessageParam): Promise<void>;

export async function runAgent() {
  while (true) {
    const history = await getMessages();
    const response = await client.chat.completions.create({ model: "gpt-4o", messages: history, max_completion_tokens: 500 });
    const message = response.choices[0]!.message;
    await addMessage(message);
    if (message.content) return message.content;
  }
}
`,
    errors: [
      { messageId: "loopEndsOnModel", line: 8, column: 3, suggestions: [
        { messageId: "addTurnLimit", output: `import OpenAI from "openai";

const client = new OpenAI();
declare function getMessages(): Promise<OpenAI.Chat.ChatCompletionMessageParam[]>;
declare function addMessage(message: OpenAI.Chat.ChatCompletionMessageParam): Promise<void>;

export async function runAgent() {
  let turns = 0;
  while (true) {
    if (++turns > 20) throw new Error("Stopped after 20 turns: the model kept asking for more");
    const history = await getMessages();
    const response = await client.chat.completions.create({ model: "gpt-4o", messages: history, max_completion_tokens: 500 });
    const message = response.choices[0]!.message;
    await addMessage(message);
    if (message.content) return message.content;
  }
}
` },
      ] },
    ],
  },
  {
    // the option sets the limit the suggestion writes
    options: [{ maxTurns: 8 }],
    code: `import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic();

export async function run(messages: Anthropic.MessageParam[]) {
  while (true) {
    const response = await client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 1024, messages });
    if (response.stop_reason !== "tool_use") return response;
    messages.push({ role: "assistant", content: response.content });
  }
}
`,
    errors: [
      {
        messageId: "loopEndsOnModel",
        data: { evidence: "response.stop_reason", cost: " Each extra turn can bill $0.015 (claude-sonnet-4-5: 1,024 output tokens (its cap) × $15/M) plus the conversation it sends." },
        suggestions: [
          {
            messageId: "addTurnLimit",
            data: { limit: "8", counter: "turns" },
            output: `import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic();

export async function run(messages: Anthropic.MessageParam[]) {
  let turns = 0;
  while (true) {
    if (++turns > 8) throw new Error("Stopped after 8 turns: the model kept asking for more");
    const response = await client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 1024, messages });
    if (response.stop_reason !== "tool_use") return response;
    messages.push({ role: "assistant", content: response.content });
  }
}
`,
          },
        ],
      },
    ],
  },
  {
    code: `// tool calls switched off only when the model says so: still the model's decision
import OpenAI from "openai";

const client = new OpenAI();

export async function classify(messages: OpenAI.Chat.ChatCompletionMessageParam[], tools: OpenAI.Chat.ChatCompletionTool[]) {
  const config: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming = { model: "gpt-4.1", messages, tools, max_completion_tokens: 800 };
  let completion = await client.chat.completions.create(config);
  while (completion.choices[0]?.finish_reason === "tool_calls") {
    messages.push(completion.choices[0].message);
    if (completion.choices[0].message.content?.includes("DONE")) config.tool_choice = "none";
    completion = await client.chat.completions.create(config);
  }
  return completion.choices[0]?.message.content;
}
`,
    errors: [
      {
        messageId: "loopEndsOnModel",
        line: 9,
        column: 3,
        data: { evidence: "completion.choices[0]?.finish_reason", cost: " Each extra turn can bill $0.0064 (gpt-4.1: 800 output tokens (its cap) × $8/M) plus the conversation it sends." },
        suggestions: [
          {
            messageId: "addTurnLimit",
            output: `// tool calls switched off only when the model says so: still the model's decision
import OpenAI from "openai";

const client = new OpenAI();

export async function classify(messages: OpenAI.Chat.ChatCompletionMessageParam[], tools: OpenAI.Chat.ChatCompletionTool[]) {
  const config: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming = { model: "gpt-4.1", messages, tools, max_completion_tokens: 800 };
  let completion = await client.chat.completions.create(config);
  let turns = 0;
  while (completion.choices[0]?.finish_reason === "tool_calls") {
    if (++turns > 20) throw new Error("Stopped after 20 turns: the model kept asking for more");
    messages.push(completion.choices[0].message);
    if (completion.choices[0].message.content?.includes("DONE")) config.tool_choice = "none";
    completion = await client.chat.completions.create(config);
  }
  return completion.choices[0]?.message.content;
}
`,
          },
        ],
      },
    ],
  },
  {
    code: `// dollars per extra turn: the static system prompt and the model's maximum output (19 × $2.5/M + 16,384 × $10/M = $0.1638875)
import OpenAI from "openai";

const client = new OpenAI();
const SYSTEM = "You plan trips. Call a tool for every booking, then answer with the itinerary.";

export async function plan(messages: OpenAI.Chat.ChatCompletionMessageParam[]) {
  while (true) {
    const completion = await client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: SYSTEM }, ...messages] });
    const message = completion.choices[0]!.message;
    if (!message.tool_calls) return message.content;
    messages.push(message);
  }
}
`,
    errors: [
      {
        messageId: "loopEndsOnModel",
        data: { evidence: "message.tool_calls", cost: " Each extra turn can bill $0.16 (gpt-4o: 19 prompt tokens × $2.5/M + 16,384 output tokens (no cap: the model's maximum) × $10/M), more as the conversation grows." },
        line: 8,
        column: 3,
        suggestions: [
          { messageId: "addTurnLimit", output: `// dollars per extra turn: the static system prompt and the model's maximum output (19 × $2.5/M + 16,384 × $10/M = $0.1638875)
import OpenAI from "openai";

const client = new OpenAI();
const SYSTEM = "You plan trips. Call a tool for every booking, then answer with the itinerary.";

export async function plan(messages: OpenAI.Chat.ChatCompletionMessageParam[]) {
  let turns = 0;
  while (true) {
    if (++turns > 20) throw new Error("Stopped after 20 turns: the model kept asking for more");
    const completion = await client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: SYSTEM }, ...messages] });
    const message = completion.choices[0]!.message;
    if (!message.tool_calls) return message.content;
    messages.push(message);
  }
}
` },
        ],
      },
    ],
  },
  {
    code: `// dollars per retry: 7 prompt tokens × $1/M + 2,000 output tokens × $5/M = $0.010007
import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic();

export async function ask(question: string) {
  while (true) {
    try {
      return await client.messages.create({ model: "claude-haiku-4-5", max_tokens: 2000, system: "Answer in one short paragraph.", messages: [{ role: "user", content: question }] });
    } catch (error) {
      console.warn(error);
    }
  }
}
`,
    errors: [
      {
        messageId: "loopRetriesForever",
        data: { cost: " Each retry can bill up to $0.01 (claude-haiku-4-5: 7 prompt tokens × $1/M + 2,000 output tokens (its cap) × $5/M)." },
        line: 7,
        column: 3,
        suggestions: [
          { messageId: "addAttemptLimit", output: `// dollars per retry: 7 prompt tokens × $1/M + 2,000 output tokens × $5/M = $0.010007
import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic();

export async function ask(question: string) {
  let attempts = 0;
  while (true) {
    if (++attempts > 5) throw new Error("Gave up after 5 failed attempts");
    try {
      return await client.messages.create({ model: "claude-haiku-4-5", max_tokens: 2000, system: "Answer in one short paragraph.", messages: [{ role: "user", content: question }] });
    } catch (error) {
      console.warn(error);
    }
  }
}
` },
        ],
      },
    ],
  },
  {
    code: `// dollars per extra level: no prompt in sight, so the output alone (4,096 × $15/M = $0.06144) plus the conversation
import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic();

export async function runAgent(messages: Anthropic.MessageParam[]): Promise<Anthropic.Message> {
  const response = await client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 4096, messages });
  if (response.stop_reason === "tool_use") return runAgent([...messages, { role: "assistant", content: response.content }]);
  return response;
}
`,
    errors: [
      {
        messageId: "recursionEndsOnModel",
        data: { name: "runAgent", evidence: "response.stop_reason", cost: " Each extra call can bill $0.061 (claude-sonnet-4-5: 4,096 output tokens (its cap) × $15/M) plus the conversation it sends." },
        line: 8,
        column: 51,
        suggestions: [
          { messageId: "addDepthLimit", output: `// dollars per extra level: no prompt in sight, so the output alone (4,096 × $15/M = $0.06144) plus the conversation
import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic();

export async function runAgent(messages: Anthropic.MessageParam[], depth = 0): Promise<Anthropic.Message> {
  if (depth >= 20) throw new Error("runAgent stopped at depth 20: the model kept asking for more");
  const response = await client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 4096, messages });
  if (response.stop_reason === "tool_use") return runAgent([...messages, { role: "assistant", content: response.content }], depth + 1);
  return response;
}
` },
        ],
      },
    ],
  },
  {
    code: `// no dollars: the turn's request runs in a loop of its own, more than once a turn
import OpenAI from "openai";

const client = new OpenAI();

export async function review(messages: OpenAI.Chat.ChatCompletionMessageParam[], drafts: string[]) {
  while (true) {
    let completion: OpenAI.Chat.ChatCompletion | undefined;
    for (const draft of drafts) {
      messages.push({ role: "user", content: draft });
      completion = await client.chat.completions.create({ model: "gpt-4o", messages, max_completion_tokens: 300 });
    }
    if (completion?.choices[0]?.finish_reason === "stop") return completion;
  }
}
`,
    errors: [
      {
        messageId: "loopEndsOnModel",
        data: { evidence: "completion?.choices[0]?.finish_reason", cost: "" },
        line: 7,
        column: 3,
        suggestions: [
          { messageId: "addTurnLimit", output: `// no dollars: the turn's request runs in a loop of its own, more than once a turn
import OpenAI from "openai";

const client = new OpenAI();

export async function review(messages: OpenAI.Chat.ChatCompletionMessageParam[], drafts: string[]) {
  let turns = 0;
  while (true) {
    if (++turns > 20) throw new Error("Stopped after 20 turns: the model kept asking for more");
    let completion: OpenAI.Chat.ChatCompletion | undefined;
    for (const draft of drafts) {
      messages.push({ role: "user", content: draft });
      completion = await client.chat.completions.create({ model: "gpt-4o", messages, max_completion_tokens: 300 });
    }
    if (completion?.choices[0]?.finish_reason === "stop") return completion;
  }
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
const SYSTEM = "You plan trips. Call a tool for every booking, then answer with the itinerary.";

export async function plan(model: string, messages: OpenAI.Chat.ChatCompletionMessageParam[]) {
  while (true) {
    const completion = await client.chat.completions.create({ model, messages: [{ role: "system", content: SYSTEM }, ...messages] });
    const message = completion.choices[0]!.message;
    if (!message.tool_calls) return message.content;
    messages.push(message);
  }
}
`,
    errors: [
      {
        messageId: "loopEndsOnModel",
        data: { evidence: "message.tool_calls", cost: "" },
        line: 8,
        column: 3,
        suggestions: [
          { messageId: "addTurnLimit", output: `// no dollars: the model is not static
import OpenAI from "openai";

const client = new OpenAI();
const SYSTEM = "You plan trips. Call a tool for every booking, then answer with the itinerary.";

export async function plan(model: string, messages: OpenAI.Chat.ChatCompletionMessageParam[]) {
  let turns = 0;
  while (true) {
    if (++turns > 20) throw new Error("Stopped after 20 turns: the model kept asking for more");
    const completion = await client.chat.completions.create({ model, messages: [{ role: "system", content: SYSTEM }, ...messages] });
    const message = completion.choices[0]!.message;
    if (!message.tool_calls) return message.content;
    messages.push(message);
  }
}
` },
        ],
      },
    ],
  },
];

runRuleCasesWithFixedCodeChecks("no-unbounded-llm-loop", rule, { valid, invalid });
