import type { InvalidTestCase, ValidTestCase } from "@typescript-eslint/rule-tester";

import rule, { type MessageIds, type Options } from "../../rules/require-abort-on-disconnect.js";
import { runRuleCasesWithFixedCodeChecks } from "../rules-fixed-code.js";

const valid: ValidTestCase<Options>[] = [
  {
    code: `// the request's signal reaches the call
import { streamText } from "ai";
import { openai } from "@ai-sdk/openai";

export async function POST(req: Request) {
  const result = streamText({ model: openai("gpt-4o"), prompt: await req.text(), abortSignal: req.signal });
  return result.toTextStreamResponse();
}
`,
  },
  {
    code: `// as the SDK's request option, combined with a timeout
import OpenAI from "openai";

const client = new OpenAI();

export async function POST(req: Request) {
  const signal = AbortSignal.any([req.signal, AbortSignal.timeout(60_000)]);
  const stream = await client.chat.completions.create({ model: "gpt-4o", messages: [], stream: true }, { signal });
  return new Response(stream.toReadableStream());
}
`,
  },
  {
    code: `// Express: a controller aborted when the response closes
import express from "express";
import OpenAI from "openai";

const app = express();
const client = new OpenAI();

app.post("/chat", async (req, res) => {
  const controller = new AbortController();
  res.on("close", () => controller.abort());
  const stream = await client.chat.completions.create({ model: "gpt-4o", messages: req.body.messages, stream: true }, { signal: controller.signal });
  for await (const chunk of stream) res.write(chunk.choices[0]?.delta?.content ?? "");
  res.end();
});
`,
  },
  {
    code: `// the loop stops reading (which aborts the SDK's stream) once the client is gone
import express from "express";
import OpenAI from "openai";

const app = express();
const client = new OpenAI();

app.post("/chat", async (req, res) => {
  const stream = await client.chat.completions.create({ model: "gpt-4o", messages: req.body.messages, stream: true });
  for await (const chunk of stream) {
    if (res.writableEnded || res.destroyed) break;
    res.write(chunk.choices[0]?.delta?.content ?? "");
  }
  res.end();
});
`,
  },
  {
    code: `// deliberately finished: the answer is saved even when the client leaves (resumable streams)
import { streamText } from "ai";
import { openai } from "@ai-sdk/openai";

declare function save(text: string): Promise<void>;

export async function POST(req: Request) {
  const result = streamText({ model: openai("gpt-4o"), prompt: await req.text(), onFinish: ({ text }) => save(text) });
  result.consumeStream();
  return result.toUIMessageStreamResponse();
}
`,
  },
  {
    code: `// not streaming: out of scope
import { generateText } from "ai";
import { openai } from "@ai-sdk/openai";

export async function POST(req: Request) {
  const { text } = await generateText({ model: openai("gpt-4o"), prompt: await req.text(), maxOutputTokens: 300 });
  return Response.json({ text });
}
`,
  },
  {
    code: `// streaming outside any HTTP handler (a CLI)
import OpenAI from "openai";

const client = new OpenAI();

export async function main() {
  const stream = await client.chat.completions.create({ model: "gpt-4o", messages: [], stream: true });
  for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta?.content ?? "");
}
`,
  },
  {
    code: `// a wrapper handed a signal
import OpenAI from "openai";

const openai = new OpenAI();

async function streamAnswer(question: string, signal?: AbortSignal) {
  return openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: question }], stream: true }, { signal });
}

export async function POST(req: Request) {
  const stream = await streamAnswer(await req.text(), req.signal);
  return new Response(stream.toReadableStream());
}
`,
  },
  {
    code: `// an exported function named POST that is no route handler (no Request parameter, no route file)
import { streamText } from "ai";
import { openai } from "@ai-sdk/openai";

export function POST(prompt: string) {
  return streamText({ model: openai("gpt-4o"), prompt });
}
`,
  },
  {
    code: `// Hono with the raw request's signal
import { Hono } from "hono";
import { streamText } from "ai";
import { openai } from "@ai-sdk/openai";

const app = new Hono();
app.post("/chat", async (c) => {
  const result = streamText({ model: openai("gpt-4o"), prompt: await c.req.text(), abortSignal: c.req.raw.signal });
  return result.toTextStreamResponse();
});
`,
  },
  {
    code: `// a Map's get with a callback is no route
import OpenAI from "openai";

const client = new OpenAI();
declare const cache: { get(key: string, load: () => Promise<unknown>): Promise<unknown> };

export const answer = (key: string) => cache.get(key, async () => client.chat.completions.create({ model: "gpt-4o", messages: [], stream: true }));
`,
  },
  {
    code: `// a function called at module level (a script), not by a handler
import OpenAI from "openai";

const client = new OpenAI();

async function main() {
  const stream = await client.chat.completions.create({ model: "gpt-4o", messages: [], stream: true });
  for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta?.content ?? "");
}

void main();
`,
  },
  { code: `` },
  { filename: "app/api/empty/route.ts", code: `export async function GET() { return new Response("ok"); }` },
  {
    code: `// a LangChain chain that is invoked, not streamed: out of scope
import { ChatOpenAI } from "@langchain/openai";
import { PromptTemplate } from "@langchain/core/prompts";
import { StringOutputParser } from "@langchain/core/output_parsers";

const model = new ChatOpenAI({ model: "gpt-4o", maxTokens: 500 });
const chain = PromptTemplate.fromTemplate("Answer: {question}").pipe(model).pipe(new StringOutputParser());

export async function POST(req: Request) {
  const { question } = (await req.json()) as { question: string };
  return Response.json({ answer: await chain.invoke({ question }) });
}
`,
  },
  {
    code: `// a LangChain chain streamed with the request's signal
import { ChatOpenAI } from "@langchain/openai";
import { PromptTemplate } from "@langchain/core/prompts";
import { StringOutputParser } from "@langchain/core/output_parsers";

const model = new ChatOpenAI({ model: "gpt-4o", maxTokens: 500 });
const chain = PromptTemplate.fromTemplate("Answer: {question}").pipe(model).pipe(new StringOutputParser());

export async function POST(req: Request) {
  const { question } = (await req.json()) as { question: string };
  return new Response(await chain.stream({ question }, { signal: req.signal }));
}
`,
  },
  {
    code: `// a composition with no model in it runs no LLM
import { PromptTemplate } from "@langchain/core/prompts";
import { StringOutputParser } from "@langchain/core/output_parsers";

const chain = PromptTemplate.fromTemplate("Echo: {text}").pipe(new StringOutputParser());

export async function POST(req: Request) {
  const { text } = (await req.json()) as { text: string };
  return new Response(await chain.stream({ text }));
}
`,
  },
  {
    code: `// an Assistants run streamed with the request's signal
import OpenAI from "openai";

const openai = new OpenAI();

export async function POST(req: Request, { params }: { params: { threadId: string } }) {
  const stream = openai.beta.threads.runs.stream(params.threadId, { assistant_id: "asst_123" }, { signal: req.signal });
  return new Response(stream.toReadableStream());
}
`,
  },
  {
    code: `// an Assistants run that is polled, not streamed: out of scope
import OpenAI from "openai";

const openai = new OpenAI();

export async function POST(req: Request, { params }: { params: { threadId: string } }) {
  const run = await openai.beta.threads.runs.createAndPoll(params.threadId, { assistant_id: "asst_123" });
  return Response.json({ status: run.status });
}
`,
  },
];

const invalid: InvalidTestCase<MessageIds, Options>[] = [
  {
    filename: "pages/api/chat.ts",
    code: `// a pages API route on the edge runtime takes a web Request, exported as the default by name
import OpenAI from "openai";

const openai = new OpenAI();

export const config = { runtime: "edge" };

const handler = async (req: Request): Promise<Response> => {
  const { messages } = await req.json();
  const stream = await openai.chat.completions.create({ model: "gpt-4o", messages, stream: true, max_completion_tokens: 500 });
  return new Response(stream.toReadableStream());
};

export default handler;
`,
    output: `// a pages API route on the edge runtime takes a web Request, exported as the default by name
import OpenAI from "openai";

const openai = new OpenAI();

export const config = { runtime: "edge" };

const handler = async (req: Request): Promise<Response> => {
  const { messages } = await req.json();
  const stream = await openai.chat.completions.create({ model: "gpt-4o", messages, stream: true, max_completion_tokens: 500 }, { signal: req.signal });
  return new Response(stream.toReadableStream());
};

export default handler;
`,
    errors: [{ messageId: "streamOutlivesClient", line: 10, column: 48, suggestions: [] }],
  },
  {
    code: `// a LangChain chain composed with pipe, streamed
import { ChatOpenAI } from "@langchain/openai";
import { PromptTemplate } from "@langchain/core/prompts";
import { StringOutputParser } from "@langchain/core/output_parsers";

const model = new ChatOpenAI({ model: "gpt-4o", maxTokens: 500 });
const prompt = PromptTemplate.fromTemplate("Answer: {question}");

export async function POST(req: Request) {
  const { question } = (await req.json()) as { question: string };
  const chain = prompt.pipe(model).pipe(new StringOutputParser());
  const stream = await chain.stream({ question });
  return new Response(stream);
}
`,
    output: `// a LangChain chain composed with pipe, streamed
import { ChatOpenAI } from "@langchain/openai";
import { PromptTemplate } from "@langchain/core/prompts";
import { StringOutputParser } from "@langchain/core/output_parsers";

const model = new ChatOpenAI({ model: "gpt-4o", maxTokens: 500 });
const prompt = PromptTemplate.fromTemplate("Answer: {question}");

export async function POST(req: Request) {
  const { question } = (await req.json()) as { question: string };
  const chain = prompt.pipe(model).pipe(new StringOutputParser());
  const stream = await chain.stream({ question }, { signal: req.signal });
  return new Response(stream);
}
`,
    errors: [{ messageId: "streamOutlivesClient", line: 12, column: 30, suggestions: [] }],
  },
  {
    code: `// a LangChain RunnableSequence, streamed as events
import { ChatAnthropic } from "@langchain/anthropic";
import { PromptTemplate } from "@langchain/core/prompts";
import { RunnableSequence } from "@langchain/core/runnables";

const chain = RunnableSequence.from([PromptTemplate.fromTemplate("{question}"), new ChatAnthropic({ model: "claude-sonnet-4-5" })]);

export async function POST(req: Request) {
  const { question } = (await req.json()) as { question: string };
  const events = chain.streamEvents({ question }, { version: "v2" });
  return new Response(JSON.stringify(await Array.fromAsync(events)));
}
`,
    output: `// a LangChain RunnableSequence, streamed as events
import { ChatAnthropic } from "@langchain/anthropic";
import { PromptTemplate } from "@langchain/core/prompts";
import { RunnableSequence } from "@langchain/core/runnables";

const chain = RunnableSequence.from([PromptTemplate.fromTemplate("{question}"), new ChatAnthropic({ model: "claude-sonnet-4-5" })]);

export async function POST(req: Request) {
  const { question } = (await req.json()) as { question: string };
  const events = chain.streamEvents({ question }, { version: "v2", signal: req.signal });
  return new Response(JSON.stringify(await Array.fromAsync(events)));
}
`,
    errors: [{ messageId: "streamOutlivesClient", line: 10, column: 24, suggestions: [] }],
  },
  {
    code: `// an OpenAI Assistants run streamed with runs.stream
import OpenAI from "openai";

const openai = new OpenAI();

export async function POST(req: Request, { params }: { params: { threadId: string } }) {
  const stream = openai.beta.threads.runs.stream(params.threadId, { assistant_id: "asst_123" });
  return new Response(stream.toReadableStream());
}
`,
    output: `// an OpenAI Assistants run streamed with runs.stream
import OpenAI from "openai";

const openai = new OpenAI();

export async function POST(req: Request, { params }: { params: { threadId: string } }) {
  const stream = openai.beta.threads.runs.stream(params.threadId, { assistant_id: "asst_123" }, { signal: req.signal });
  return new Response(stream.toReadableStream());
}
`,
    errors: [{ messageId: "streamOutlivesClient", line: 7, column: 43, suggestions: [] }],
  },
  {
    code: `// an OpenAI Assistants run created with stream: true
import OpenAI from "openai";

const openai = new OpenAI();

export async function POST(req: Request, { params }: { params: { threadId: string } }) {
  const stream = await openai.beta.threads.runs.create(params.threadId, { assistant_id: "asst_123", stream: true });
  return new Response(stream.toReadableStream());
}
`,
    output: `// an OpenAI Assistants run created with stream: true
import OpenAI from "openai";

const openai = new OpenAI();

export async function POST(req: Request, { params }: { params: { threadId: string } }) {
  const stream = await openai.beta.threads.runs.create(params.threadId, { assistant_id: "asst_123", stream: true }, { signal: req.signal });
  return new Response(stream.toReadableStream());
}
`,
    errors: [{ messageId: "streamOutlivesClient", line: 7, column: 49, suggestions: [] }],
  },
  {
    code: `// a new thread and its run, streamed
import OpenAI from "openai";

const openai = new OpenAI();

export async function POST(req: Request) {
  const { content } = (await req.json()) as { content: string };
  const stream = openai.beta.threads.createAndRunStream({ assistant_id: "asst_123", thread: { messages: [{ role: "user", content }] } });
  return new Response(stream.toReadableStream());
}
`,
    output: `// a new thread and its run, streamed
import OpenAI from "openai";

const openai = new OpenAI();

export async function POST(req: Request) {
  const { content } = (await req.json()) as { content: string };
  const stream = openai.beta.threads.createAndRunStream({ assistant_id: "asst_123", thread: { messages: [{ role: "user", content }] } }, { signal: req.signal });
  return new Response(stream.toReadableStream());
}
`,
    errors: [{ messageId: "streamOutlivesClient", line: 8, column: 38, suggestions: [] }],
  },
  {
    code: `// streamObject read through its partial object stream
import { streamObject } from "ai";
import { openai } from "@ai-sdk/openai";
import { z } from "zod";

export async function POST(req: Request) {
  const { prompt } = (await req.json()) as { prompt: string };
  const { partialObjectStream } = streamObject({ model: openai("gpt-4o"), schema: z.object({ title: z.string() }), prompt, maxOutputTokens: 500 });
  const encoder = new TextEncoder();
  const body = new ReadableStream({
    async start(controller) {
      for await (const partial of partialObjectStream) controller.enqueue(encoder.encode(JSON.stringify(partial)));
      controller.close();
    },
  });
  return new Response(body);
}
`,
    output: `// streamObject read through its partial object stream
import { streamObject } from "ai";
import { openai } from "@ai-sdk/openai";
import { z } from "zod";

export async function POST(req: Request) {
  const { prompt } = (await req.json()) as { prompt: string };
  const { partialObjectStream } = streamObject({ model: openai("gpt-4o"), schema: z.object({ title: z.string() }), prompt, maxOutputTokens: 500, abortSignal: req.signal });
  const encoder = new TextEncoder();
  const body = new ReadableStream({
    async start(controller) {
      for await (const partial of partialObjectStream) controller.enqueue(encoder.encode(JSON.stringify(partial)));
      controller.close();
    },
  });
  return new Response(body);
}
`,
    errors: [{ messageId: "streamOutlivesClient", line: 8, column: 35, suggestions: [] }],
  },
  {
    code: `// streamObject with its options in a variable: no fix (a shared object would change for every use)
import { streamObject } from "ai";
import { openai } from "@ai-sdk/openai";
import { z } from "zod";

export async function POST(req: Request) {
  const { prompt } = (await req.json()) as { prompt: string };
  const options = { model: openai("gpt-4o"), schema: z.object({ title: z.string() }), prompt, maxOutputTokens: 500 };
  const result = streamObject(options);
  return result.toTextStreamResponse();
}
`,
    errors: [{ messageId: "streamOutlivesClient", line: 9, column: 18, suggestions: [] }],
  },
  {
    code: `// a Next.js-style route handler (a web Request parameter) streaming with the AI SDK
import { streamText } from "ai";
import { openai } from "@ai-sdk/openai";

export async function POST(req: Request) {
  const { prompt } = (await req.json()) as { prompt: string };
  const result = streamText({ model: openai("gpt-4o"), prompt, maxOutputTokens: 500 });
  return result.toTextStreamResponse();
}
`,
    output: `// a Next.js-style route handler (a web Request parameter) streaming with the AI SDK
import { streamText } from "ai";
import { openai } from "@ai-sdk/openai";

export async function POST(req: Request) {
  const { prompt } = (await req.json()) as { prompt: string };
  const result = streamText({ model: openai("gpt-4o"), prompt, maxOutputTokens: 500, abortSignal: req.signal });
  return result.toTextStreamResponse();
}
`,
    errors: [
      { messageId: "streamOutlivesClient", line: 7, column: 18, suggestions: [
      ] },
    ],
  },
  {
    code: `// OpenAI stream: true, the signal goes in the request options
import OpenAI from "openai";

const client = new OpenAI();

export async function POST(request: Request) {
  const stream = await client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: await request.text() }], stream: true, max_completion_tokens: 500 });
  return new Response(stream.toReadableStream());
}
`,
    output: `// OpenAI stream: true, the signal goes in the request options
import OpenAI from "openai";

const client = new OpenAI();

export async function POST(request: Request) {
  const stream = await client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: await request.text() }], stream: true, max_completion_tokens: 500 }, { signal: request.signal });
  return new Response(stream.toReadableStream());
}
`,
    errors: [
      { messageId: "streamOutlivesClient", line: 7, column: 48, suggestions: [
      ] },
    ],
  },
  {
    code: `// Hono: c.req.raw is the web Request
import { Hono } from "hono";
import { streamText } from "ai";
import { openai } from "@ai-sdk/openai";

const app = new Hono();

app.post("/chat", async (c) => {
  const { prompt } = await c.req.json<{ prompt: string }>();
  const result = streamText({ model: openai("gpt-4o"), prompt, maxOutputTokens: 500 });
  return result.toTextStreamResponse();
});

export default app;
`,
    output: `// Hono: c.req.raw is the web Request
import { Hono } from "hono";
import { streamText } from "ai";
import { openai } from "@ai-sdk/openai";

const app = new Hono();

app.post("/chat", async (c) => {
  const { prompt } = await c.req.json<{ prompt: string }>();
  const result = streamText({ model: openai("gpt-4o"), prompt, maxOutputTokens: 500, abortSignal: c.req.raw.signal });
  return result.toTextStreamResponse();
});

export default app;
`,
    errors: [
      { messageId: "streamOutlivesClient", line: 10, column: 18, suggestions: [
      ] },
    ],
  },
  {
    code: `// Express: no signal on req, so a controller aborted when the response closes
import express from "express";
import OpenAI from "openai";

const app = express();
const client = new OpenAI();

app.post("/chat", async (req, res) => {
  const stream = await client.chat.completions.create({ model: "gpt-4o", messages: req.body.messages, stream: true, max_completion_tokens: 500 });
  for await (const chunk of stream) res.write(chunk.choices[0]?.delta?.content ?? "");
  res.end();
});
`,
    errors: [
      { messageId: "streamOutlivesClient", line: 9, column: 48, suggestions: [
        { messageId: "abortOnClose", output: `// Express: no signal on req, so a controller aborted when the response closes
import express from "express";
import OpenAI from "openai";

const app = express();
const client = new OpenAI();

app.post("/chat", async (req, res) => {
  const controller = new AbortController();
  res.on("close", () => controller.abort());
  const stream = await client.chat.completions.create({ model: "gpt-4o", messages: req.body.messages, stream: true, max_completion_tokens: 500 }, { signal: controller.signal });
  for await (const chunk of stream) res.write(chunk.choices[0]?.delta?.content ?? "");
  res.end();
});
` },
      ] },
    ],
  },
  {
    code: `// node:http with the Anthropic SDK's messages.stream
import { createServer } from "node:http";
import Anthropic from "@anthropic-ai/sdk";

const anthropic = new Anthropic();

createServer(async (req, res) => {
  const stream = anthropic.messages.stream({ model: "claude-sonnet-4-5", max_tokens: 1024, messages: [{ role: "user", content: "Tell me a story" }] });
  for await (const event of stream) res.write(JSON.stringify(event));
  res.end();
}).listen(3000);
`,
    errors: [
      { messageId: "streamOutlivesClient", line: 8, column: 37, suggestions: [
        { messageId: "abortOnClose", output: `// node:http with the Anthropic SDK's messages.stream
import { createServer } from "node:http";
import Anthropic from "@anthropic-ai/sdk";

const anthropic = new Anthropic();

createServer(async (req, res) => {
  const controller = new AbortController();
  res.on("close", () => controller.abort());
  const stream = anthropic.messages.stream({ model: "claude-sonnet-4-5", max_tokens: 1024, messages: [{ role: "user", content: "Tell me a story" }] }, { signal: controller.signal });
  for await (const event of stream) res.write(JSON.stringify(event));
  res.end();
}).listen(3000);
` },
      ] },
    ],
  },
  {
    code: `// a close listener that only logs stops nothing
import express from "express";
import OpenAI from "openai";

const app = express();
const client = new OpenAI();

app.post("/chat", async (req, res) => {
  req.on("close", () => console.log("client left"));
  const stream = await client.chat.completions.create({ model: "gpt-4o", messages: req.body.messages, stream: true, max_completion_tokens: 500 });
  for await (const chunk of stream) res.write(chunk.choices[0]?.delta?.content ?? "");
  res.end();
});
`,
    errors: [
      { messageId: "streamOutlivesClient", line: 10, column: 48, suggestions: [
        { messageId: "abortOnClose", output: `// a close listener that only logs stops nothing
import express from "express";
import OpenAI from "openai";

const app = express();
const client = new OpenAI();

app.post("/chat", async (req, res) => {
  const controller = new AbortController();
  res.on("close", () => controller.abort());
  req.on("close", () => console.log("client left"));
  const stream = await client.chat.completions.create({ model: "gpt-4o", messages: req.body.messages, stream: true, max_completion_tokens: 500 }, { signal: controller.signal });
  for await (const chunk of stream) res.write(chunk.choices[0]?.delta?.content ?? "");
  res.end();
});
` },
      ] },
    ],
  },
  {
    code: `// an onFinish callback would not run after an abort: a suggestion, not an autofix
import { streamText } from "ai";
import { openai } from "@ai-sdk/openai";

declare function save(text: string): Promise<void>;

export async function POST(req: Request) {
  const result = streamText({ model: openai("gpt-4o"), prompt: await req.text(), maxOutputTokens: 500, onFinish: ({ text }) => save(text) });
  return result.toTextStreamResponse();
}
`,
    errors: [
      { messageId: "streamOutlivesClient", line: 8, column: 18, suggestions: [
        { messageId: "forwardSignal", output: `// an onFinish callback would not run after an abort: a suggestion, not an autofix
import { streamText } from "ai";
import { openai } from "@ai-sdk/openai";

declare function save(text: string): Promise<void>;

export async function POST(req: Request) {
  const result = streamText({ model: openai("gpt-4o"), prompt: await req.text(), maxOutputTokens: 500, onFinish: ({ text }) => save(text), abortSignal: req.signal });
  return result.toTextStreamResponse();
}
` },
      ] },
    ],
  },
  {
    code: `// through a wrapper in the same file
import OpenAI from "openai";

const openai = new OpenAI();

async function streamAnswer(question: string) {
  return openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: question }], stream: true, max_completion_tokens: 500 });
}

export async function POST(req: Request) {
  const { question } = (await req.json()) as { question: string };
  const stream = await streamAnswer(question);
  return new Response(stream.toReadableStream());
}
`,
    errors: [
      { messageId: "streamOutlivesClient", line: 12, column: 24, suggestions: [
        { messageId: "forwardSignalThroughWrapper", output: `// through a wrapper in the same file
import OpenAI from "openai";

const openai = new OpenAI();

async function streamAnswer(question: string, signal?: AbortSignal) {
  return openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: question }], stream: true, max_completion_tokens: 500 }, { signal });
}

export async function POST(req: Request) {
  const { question } = (await req.json()) as { question: string };
  const stream = await streamAnswer(question, req.signal);
  return new Response(stream.toReadableStream());
}
` },
      ] },
    ],
  },
  {
    filename: "app/api/chat/route.ts",
    code: `// a route.ts file: the handler's parameter needs no type
import { streamText } from "ai";
import { openai } from "@ai-sdk/openai";

export const POST = async (req) => {
  const result = streamText({ model: openai("gpt-4o"), prompt: await req.text() });
  return result.toTextStreamResponse();
};
`,
    output: `// a route.ts file: the handler's parameter needs no type
import { streamText } from "ai";
import { openai } from "@ai-sdk/openai";

export const POST = async (req) => {
  const result = streamText({ model: openai("gpt-4o"), prompt: await req.text(), abortSignal: req.signal });
  return result.toTextStreamResponse();
};
`,
    errors: [
      { messageId: "streamOutlivesClient", line: 6, column: 18, suggestions: [
      ] },
    ],
  },
  {
    filename: "app/api/joke/route.ts",
    code: `// a route handler that takes no parameter gets one
import { streamText } from "ai";
import { openai } from "@ai-sdk/openai";

export async function GET() {
  const result = streamText({ model: openai("gpt-4o"), prompt: "Tell a joke" });
  return result.toTextStreamResponse();
}
`,
    errors: [
      { messageId: "streamOutlivesClient", line: 6, column: 18, suggestions: [
        { messageId: "addRequestParameter", output: `// a route handler that takes no parameter gets one
import { streamText } from "ai";
import { openai } from "@ai-sdk/openai";

export async function GET(request: Request) {
  const result = streamText({ model: openai("gpt-4o"), prompt: "Tell a joke", abortSignal: request.signal });
  return result.toTextStreamResponse();
}
` },
      ] },
    ],
  },
  {
    filename: "src/routes/api/chat/+server.ts",
    code: `// a SvelteKit endpoint
import OpenAI from "openai";

const openai = new OpenAI();

export const POST = async ({ request }) => {
  const stream = await openai.chat.completions.create({ model: "gpt-4o", messages: await request.json(), stream: true });
  return new Response(stream.toReadableStream());
};
`,
    output: `// a SvelteKit endpoint
import OpenAI from "openai";

const openai = new OpenAI();

export const POST = async ({ request }) => {
  const stream = await openai.chat.completions.create({ model: "gpt-4o", messages: await request.json(), stream: true }, { signal: request.signal });
  return new Response(stream.toReadableStream());
};
`,
    errors: [
      { messageId: "streamOutlivesClient", line: 7, column: 48, suggestions: [
      ] },
    ],
  },
  {
    filename: "app/routes/api.chat.ts",
    code: `// a Remix action
import { streamText } from "ai";
import { anthropic } from "@ai-sdk/anthropic";

export async function action({ request }) {
  const { messages } = await request.json();
  const result = streamText({ model: anthropic("claude-sonnet-4-5"), messages });
  return result.toDataStreamResponse();
}
`,
    output: `// a Remix action
import { streamText } from "ai";
import { anthropic } from "@ai-sdk/anthropic";

export async function action({ request }) {
  const { messages } = await request.json();
  const result = streamText({ model: anthropic("claude-sonnet-4-5"), messages, abortSignal: request.signal });
  return result.toDataStreamResponse();
}
`,
    errors: [
      { messageId: "streamOutlivesClient", line: 7, column: 18, suggestions: [
      ] },
    ],
  },
  {
    filename: "pages/api/chat.js",
    code: `// a Next.js pages API route is a Node handler
import OpenAI from "openai";

const openai = new OpenAI();

export default async function handler(req, res) {
  const stream = await openai.chat.completions.create({ model: "gpt-4o", messages: req.body.messages, stream: true });
  for await (const chunk of stream) res.write(chunk.choices[0]?.delta?.content ?? "");
  res.end();
}
`,
    errors: [
      { messageId: "streamOutlivesClient", line: 7, column: 48, suggestions: [
        { messageId: "abortOnClose", output: `// a Next.js pages API route is a Node handler
import OpenAI from "openai";

const openai = new OpenAI();

export default async function handler(req, res) {
  const controller = new AbortController();
  res.on("close", () => controller.abort());
  const stream = await openai.chat.completions.create({ model: "gpt-4o", messages: req.body.messages, stream: true }, { signal: controller.signal });
  for await (const chunk of stream) res.write(chunk.choices[0]?.delta?.content ?? "");
  res.end();
}
` },
      ] },
    ],
  },
  {
    filename: "routes/chat.js",
    code: `// an Express router handed in from another module, Gemini streaming
import { GoogleGenAI } from "@google/genai";

const ai = new GoogleGenAI({});

export function register(router) {
  router.post("/chat", async (req, res) => {
    const stream = await ai.models.generateContentStream({ model: "gemini-2.5-flash", contents: req.body.prompt, config: { maxOutputTokens: 500 } });
    for await (const chunk of stream) res.write(chunk.text ?? "");
    res.end();
  });
}
`,
    errors: [
      { messageId: "streamOutlivesClient", line: 8, column: 36, suggestions: [
        { messageId: "abortOnClose", output: `// an Express router handed in from another module, Gemini streaming
import { GoogleGenAI } from "@google/genai";

const ai = new GoogleGenAI({});

export function register(router) {
  router.post("/chat", async (req, res) => {
    const controller = new AbortController();
    res.on("close", () => controller.abort());
    const stream = await ai.models.generateContentStream({ model: "gemini-2.5-flash", contents: req.body.prompt, config: { maxOutputTokens: 500, abortSignal: controller.signal } });
    for await (const chunk of stream) res.write(chunk.text ?? "");
    res.end();
  });
}
` },
      ] },
    ],
  },
  {
    filename: "app/routes/api.chat.ts",
    code: `// a Remix action that hands its arguments to another function of the file
import { streamText } from "ai";
import { anthropic } from "@ai-sdk/anthropic";

export async function action(args) {
  return chatAction(args);
}

async function chatAction({ request }) {
  const { messages } = await request.json();
  const result = streamText({ model: anthropic("claude-sonnet-4-5"), messages });
  return result.toDataStreamResponse();
}
`,
    output: `// a Remix action that hands its arguments to another function of the file
import { streamText } from "ai";
import { anthropic } from "@ai-sdk/anthropic";

export async function action(args) {
  return chatAction(args);
}

async function chatAction({ request }) {
  const { messages } = await request.json();
  const result = streamText({ model: anthropic("claude-sonnet-4-5"), messages, abortSignal: request.signal });
  return result.toDataStreamResponse();
}
`,
    errors: [
      { messageId: "streamOutlivesClient", line: 11, column: 18, suggestions: [
      ] },
    ],
  },
];

runRuleCasesWithFixedCodeChecks("require-abort-on-disconnect", rule, { valid, invalid });
