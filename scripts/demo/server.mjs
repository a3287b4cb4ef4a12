// A fake LLM provider for the demo: OpenAI-compatible `/v1/chat/completions` and `/v1/responses`,
// Anthropic-compatible `/v1/messages`, on 127.0.0.1. It answers like the real APIs closely enough for
// the official SDKs, and it keeps the books: requests, aborted requests, peak concurrency, and
// tokens by kind (uncached input, cache reads, cache writes, output), priced from prices.mjs.
//
// Billing assumptions (docs/demo.md explains them):
// - tokens are estimated as ceil(characters / 4);
// - a request the client abandons is billed for its whole input plus the output generated before
//   the connection closed (real providers may bill more for non-streaming requests, so the demo's
//   savings are if anything understated);
// - without an output cap the simulated model usually stops by itself, but one answer in ten runs
//   on to between 8,000 and 16,000 tokens (the runaway generations that a cap exists to bound);
// - OpenAI caches identical prompt prefixes of at least 1,024 tokens automatically, in 128-token
//   steps; Anthropic caches only up to a `cache_control` breakpoint: the first request writes the
//   cache (billed at the cache-write price), later ones read it. A cache entry is usable once the
//   request that wrote it has finished.
// - `stream: true` on Chat Completions is answered with server-sent events, a few tokens per event at
//   `streamTokenMs` a token; output is billed for the tokens generated before the client went away.
// - A request with `tools` gets a tool call until the conversation holds enough tool results; a tool
//   that answers "no results" gets called again (a model retrying a failing tool), up to
//   `maxToolTurns` times (Infinity: the model never stops asking).
import { createHash, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";

import { costOf, priceFor } from "./prices.mjs";

const CHARACTERS_PER_TOKEN = 4;
const OPENAI_MINIMUM_CACHED_PREFIX = 1024;
const OPENAI_CACHE_STEP = 128;
// Anthropic publishes no minimum for every model; 2,048 is the conservative figure (see PROVIDERS notes).
const ANTHROPIC_MINIMUM_CACHEABLE = { "claude-sonnet-5": 2048, "claude-haiku-4-5": 4096 };
const ANTHROPIC_DEFAULT_MINIMUM_CACHEABLE = 2048;
const RUNAWAY_SHARE_PERCENT = 10;
/** Tokens per server-sent event when streaming. */
const TOKENS_PER_EVENT = 4;
/** How many tool results a conversation needs before the simulated model answers (unless a tool fails). */
const TOOL_RESULTS_BEFORE_ANSWER = 2;
const DEFAULT_MAX_TOOL_TURNS = 40;

/** Simulated speed: the demo runs in seconds, so this is far faster than a real model. */
const DEFAULT_TIMING = { firstTokenMs: 40, perInputTokenMs: 0.004, perOutputTokenMs: 0.02, streamTokenMs: 2 };

export function estimateTokens(text) {
  return Math.ceil(text.length / CHARACTERS_PER_TOKEN);
}

function hashOf(text) {
  return createHash("sha1").update(text).digest("hex");
}

function numberFrom(text) {
  return Number.parseInt(hashOf(text).slice(0, 8), 16);
}

const FILLER =
  "The answer depends on the details given, so each point is weighed against the evidence in turn. " +
  "Where the sources agree the conclusion is stated plainly, and where they differ the difference is noted. ";

function fillerText(tokens) {
  const length = tokens * CHARACTERS_PER_TOKEN;
  return FILLER.repeat(Math.ceil(length / FILLER.length)).slice(0, length);
}

/** How long the simulated model would answer if nothing stopped it. */
function naturalOutputTokens(seed) {
  const value = numberFrom(`length:${seed}`);
  if (value % 100 < RUNAWAY_SHARE_PERCENT) return 8000 + (value % 8000);
  return 120 + (value % 280);
}

/** Verdicts for the fact-checking example: deterministic per claim, roughly one in three true. */
function verdictFor(seed) {
  return numberFrom(`verdict:${seed}`) % 100 < 30 ? "true" : "false";
}

function answerText(seed, asksForVerdict, tokens) {
  const opening = asksForVerdict ? `${verdictFor(seed)}. ` : "";
  return `${opening}${fillerText(Math.max(0, tokens - estimateTokens(opening)))}`;
}

function textOfContent(content) {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((part) => (typeof part === "string" ? part : part?.type === "tool_result" ? textOfContent(part.content) : (part?.text ?? (part?.input === undefined ? "" : JSON.stringify(part.input)))))
    .join("\n");
}

/** The tool results in a conversation, oldest first: OpenAI `role: "tool"` messages, Anthropic `tool_result` blocks. */
function toolResults(messages) {
  const results = [];
  for (const message of messages ?? []) {
    if (message.role === "tool") results.push(textOfContent(message.content));
    else if (Array.isArray(message.content)) {
      for (const part of message.content) if (part?.type === "tool_result") results.push(textOfContent(part.content));
    }
  }
  return results;
}

/**
 * The simulated model's choice when it has tools: call the first one until the conversation holds two
 * results, and again (up to `maxToolTurns`) while the last result says it found nothing.
 */
function toolChoice(tools, messages, maxToolTurns) {
  if (!Array.isArray(tools) || tools.length === 0) return undefined;
  const results = toolResults(messages);
  const last = results.at(-1) ?? "";
  const wantsMore = results.length < TOOL_RESULTS_BEFORE_ANSWER || /\bno results\b/iu.test(last);
  if (!wantsMore || results.length >= maxToolTurns) return undefined;
  const tool = tools[0];
  const name = tool.function?.name ?? tool.name ?? "tool";
  // The model looks up what the user asked about: the first user message.
  const question = textOfContent((messages ?? []).find((message) => message.role === "user")?.content ?? "");
  return { name, arguments: { query: question.slice(0, 200) } };
}

function emptyTotals() {
  return {
    requests: 0,
    completed: 0,
    aborted: 0,
    rejected: 0,
    peakConcurrency: 0,
    inputTokens: 0,
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    outputTokens: 0,
    costUsd: 0,
  };
}

/**
 * Options: `timing` (milliseconds: firstTokenMs, perInputTokenMs, perOutputTokenMs, streamTokenMs),
 * `port`, `maxToolTurns` (default 40), `maxRequests` (requests beyond it get a 503: a safety limit for
 * tests of loops that would not stop), `outputTokens(seed)` (overrides the simulated answer length).
 */
export async function startFakeProviderServer({
  timing: timingOverrides = {},
  port = 0,
  maxToolTurns = DEFAULT_MAX_TOOL_TURNS,
  maxRequests = Infinity,
  outputTokens: outputTokensFor = naturalOutputTokens,
} = {}) {
  const timing = { ...DEFAULT_TIMING, ...timingOverrides };
  let totals = emptyTotals();
  let inFlight = 0;
  const idleWaiters = new Set();
  const openAiPrefixes = new Set();
  const anthropicCache = new Map();

  function bill(model, provider, usage) {
    totals.inputTokens += usage.inputTokens;
    totals.cachedInputTokens += usage.cachedInputTokens;
    totals.cacheWriteTokens += usage.cacheWriteTokens;
    totals.outputTokens += usage.outputTokens;
    totals.costUsd += costOf(priceFor(model, provider), usage);
  }

  function openAiCachedTokens(promptText) {
    const promptTokens = estimateTokens(promptText);
    let cached = 0;
    for (let prefix = OPENAI_MINIMUM_CACHED_PREFIX; prefix <= promptTokens; prefix += OPENAI_CACHE_STEP) {
      if (!openAiPrefixes.has(hashOf(promptText.slice(0, prefix * CHARACTERS_PER_TOKEN)))) break;
      cached = prefix;
    }
    return cached;
  }

  function rememberOpenAiPrefixes(promptText) {
    const promptTokens = estimateTokens(promptText);
    for (let prefix = OPENAI_MINIMUM_CACHED_PREFIX; prefix <= promptTokens; prefix += OPENAI_CACHE_STEP) {
      openAiPrefixes.add(hashOf(promptText.slice(0, prefix * CHARACTERS_PER_TOKEN)));
    }
  }

  /** Anthropic's order is tools → system → messages; a breakpoint caches everything up to its block. */
  function anthropicBlocks(body) {
    const blocks = [];
    for (const tool of body.tools ?? []) blocks.push({ text: JSON.stringify(tool), breakpoint: tool.cache_control !== undefined });
    const system = typeof body.system === "string" ? [{ type: "text", text: body.system }] : (body.system ?? []);
    for (const block of system) blocks.push({ text: block.text ?? "", breakpoint: block.cache_control !== undefined });
    for (const message of body.messages ?? []) {
      const parts = typeof message.content === "string" ? [{ type: "text", text: message.content }] : (message.content ?? []);
      for (const part of parts) blocks.push({ text: `${message.role}: ${part.text ?? ""}`, breakpoint: part.cache_control !== undefined });
    }
    const last = blocks.at(-1);
    if (body.cache_control !== undefined && last !== undefined) last.breakpoint = true;
    return blocks;
  }

  function anthropicCaching(body, now) {
    const blocks = anthropicBlocks(body);
    const prefixes = [];
    let text = "";
    for (const block of blocks) {
      text += `${block.text}\n`;
      if (block.breakpoint) prefixes.push(text);
    }
    const totalTokens = estimateTokens(text);
    let readTokens = 0;
    for (const prefix of [...prefixes].reverse()) {
      const expiry = anthropicCache.get(hashOf(prefix));
      if (expiry !== undefined && expiry > now) {
        readTokens = estimateTokens(prefix);
        break;
      }
    }
    const lastPrefix = prefixes.at(-1);
    const minimum = ANTHROPIC_MINIMUM_CACHEABLE[body.model] ?? ANTHROPIC_DEFAULT_MINIMUM_CACHEABLE;
    const lastTokens = lastPrefix === undefined ? 0 : estimateTokens(lastPrefix);
    const writeTokens = lastTokens >= minimum && lastTokens > readTokens ? lastTokens - readTokens : 0;
    // A read or write refreshes the entries, as Anthropic's 5-minute TTL does; stored on completion.
    const remember = () => {
      for (const prefix of prefixes) {
        if (estimateTokens(prefix) >= minimum) anthropicCache.set(hashOf(prefix), Date.now() + 5 * 60_000);
      }
    };
    return { totalTokens, readTokens, writeTokens, remember };
  }

  /** Parses the request into what every endpoint needs: prompt, cap, caching and a response builder. */
  function plan(route, body) {
    const model = String(body.model ?? "");
    if (route === "/v1/chat/completions" || route === "/v1/responses") {
      const isChat = route === "/v1/chat/completions";
      const messages = isChat
        ? (body.messages ?? [])
        : [
            ...(body.instructions ? [{ role: "developer", content: body.instructions }] : []),
            ...(typeof body.input === "string" ? [{ role: "user", content: body.input }] : (body.input ?? [])),
          ];
      const promptText = messages.map((message) => `${message.role}: ${textOfContent(message.content)}\n`).join("");
      const lastUser = [...messages].reverse().find((message) => message.role === "user");
      const cap = isChat ? (body.max_completion_tokens ?? body.max_tokens) : body.max_output_tokens;
      const cachedTokens = openAiCachedTokens(promptText);
      const promptTokens = estimateTokens(promptText);
      const tool = isChat ? toolChoice(body.tools, messages, maxToolTurns) : undefined;
      return {
        provider: "openai",
        model,
        tool,
        stream: isChat && body.stream === true ? { includeUsage: body.stream_options?.include_usage === true, promptTokens, cachedTokens } : undefined,
        seed: textOfContent(lastUser?.content ?? promptText),
        asksForVerdict: /\btrue\b.*\bfalse\b/isu.test(promptText.slice(0, 2000)),
        cap,
        usage: { inputTokens: promptTokens - cachedTokens, cachedInputTokens: cachedTokens, cacheWriteTokens: 0 },
        remember: () => rememberOpenAiPrefixes(promptText),
        respondTool: (call, outputTokens) => ({
          id: `chatcmpl-${randomUUID()}`,
          object: "chat.completion",
          created: Math.floor(Date.now() / 1000),
          model,
          choices: [
            {
              index: 0,
              message: {
                role: "assistant",
                content: null,
                refusal: null,
                tool_calls: [{ id: `call_${randomUUID().slice(0, 8)}`, type: "function", function: { name: call.name, arguments: JSON.stringify(call.arguments) } }],
              },
              logprobs: null,
              finish_reason: "tool_calls",
            },
          ],
          usage: { prompt_tokens: promptTokens, completion_tokens: outputTokens, total_tokens: promptTokens + outputTokens, prompt_tokens_details: { cached_tokens: cachedTokens } },
        }),
        respond: (text, outputTokens, truncated) =>
          isChat
            ? {
                id: `chatcmpl-${randomUUID()}`,
                object: "chat.completion",
                created: Math.floor(Date.now() / 1000),
                model,
                choices: [{ index: 0, message: { role: "assistant", content: text, refusal: null }, logprobs: null, finish_reason: truncated ? "length" : "stop" }],
                usage: {
                  prompt_tokens: promptTokens,
                  completion_tokens: outputTokens,
                  total_tokens: promptTokens + outputTokens,
                  prompt_tokens_details: { cached_tokens: cachedTokens },
                  completion_tokens_details: { reasoning_tokens: 0 },
                },
              }
            : {
                id: `resp_${randomUUID()}`,
                object: "response",
                created_at: Math.floor(Date.now() / 1000),
                status: truncated ? "incomplete" : "completed",
                incomplete_details: truncated ? { reason: "max_output_tokens" } : null,
                model,
                max_output_tokens: cap ?? null,
                output: [
                  { type: "message", id: `msg_${randomUUID()}`, status: truncated ? "incomplete" : "completed", role: "assistant", content: [{ type: "output_text", text, annotations: [] }] },
                ],
                usage: {
                  input_tokens: promptTokens,
                  input_tokens_details: { cached_tokens: cachedTokens },
                  output_tokens: outputTokens,
                  output_tokens_details: { reasoning_tokens: 0 },
                  total_tokens: promptTokens + outputTokens,
                },
              },
      };
    }
    // /v1/messages
    if (typeof body.max_tokens !== "number") return { error: "max_tokens: Field required" };
    const caching = anthropicCaching(body, Date.now());
    const lastUser = [...(body.messages ?? [])].reverse().find((message) => message.role === "user");
    const usage = {
      input_tokens: caching.totalTokens - caching.readTokens - caching.writeTokens,
      cache_creation_input_tokens: caching.writeTokens,
      cache_read_input_tokens: caching.readTokens,
    };
    return {
      provider: "anthropic",
      model,
      tool: toolChoice(body.tools, body.messages, maxToolTurns),
      seed: textOfContent(lastUser?.content ?? ""),
      asksForVerdict: false,
      cap: body.max_tokens,
      usage: {
        inputTokens: caching.totalTokens - caching.readTokens - caching.writeTokens,
        cachedInputTokens: caching.readTokens,
        cacheWriteTokens: caching.writeTokens,
      },
      remember: caching.remember,
      respondTool: (call, outputTokens) => ({
        id: `msg_${randomUUID()}`,
        type: "message",
        role: "assistant",
        model,
        content: [{ type: "tool_use", id: `toolu_${randomUUID().slice(0, 8)}`, name: call.name, input: call.arguments }],
        stop_reason: "tool_use",
        stop_sequence: null,
        usage: { ...usage, output_tokens: outputTokens },
      }),
      respond: (text, outputTokens, truncated) => ({
        id: `msg_${randomUUID()}`,
        type: "message",
        role: "assistant",
        model,
        content: [{ type: "text", text }],
        stop_reason: truncated ? "max_tokens" : "end_turn",
        stop_sequence: null,
        usage: { ...usage, output_tokens: outputTokens },
      }),
    };
  }

  function sendJson(response, status, payload) {
    const text = JSON.stringify(payload);
    response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    response.end(text);
  }

  function finishOne() {
    inFlight -= 1;
    if (inFlight === 0) for (const resolve of idleWaiters) resolve();
    if (inFlight === 0) idleWaiters.clear();
  }

  async function handle(request, response) {
    const route = new URL(request.url ?? "/", "http://127.0.0.1").pathname;
    if (request.method !== "POST" || !["/v1/chat/completions", "/v1/responses", "/v1/messages"].includes(route)) {
      sendJson(response, 404, { error: { message: `no route ${request.method} ${route}` } });
      return;
    }
    totals.requests += 1;
    inFlight += 1;
    totals.peakConcurrency = Math.max(totals.peakConcurrency, inFlight);
    let clientGone = false;
    response.on("close", () => {
      if (!response.writableEnded) clientGone = true;
    });
    try {
      await serve(route, request, response, () => clientGone);
    } finally {
      // Only after billing, so that idle() means the books are complete.
      finishOne();
    }
  }

  async function serve(route, request, response, isClientGone) {
    let body;
    try {
      const chunks = [];
      for await (const chunk of request) chunks.push(chunk);
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      totals.rejected += 1;
      sendJson(response, 400, { error: { type: "invalid_request_error", message: "body is not JSON" } });
      return;
    }
    if (totals.requests > maxRequests) {
      totals.rejected += 1;
      sendJson(response, 503, { error: { type: "overloaded_error", message: `the fake provider's safety limit of ${maxRequests} requests was reached` } });
      return;
    }
    const request_ = plan(route, body);
    if (request_.error !== undefined || (body.stream === true && (request_.stream === undefined || request_.tool !== undefined))) {
      totals.rejected += 1;
      const message = request_.error ?? "the demo server simulates streaming for Chat Completions answers only";
      sendJson(response, 400, { type: "error", error: { type: "invalid_request_error", message } });
      return;
    }

    const natural = request_.tool === undefined ? outputTokensFor(request_.seed) : estimateTokens(JSON.stringify(request_.tool.arguments)) + 10;
    const outputTokens = typeof request_.cap === "number" ? Math.min(request_.cap, natural) : natural;
    const truncated = outputTokens < natural;
    const inputTokens = request_.usage.inputTokens + request_.usage.cachedInputTokens + request_.usage.cacheWriteTokens;
    const firstTokenMs = timing.firstTokenMs + inputTokens * timing.perInputTokenMs;
    if (request_.stream !== undefined) {
      await stream(request_, response, isClientGone, { firstTokenMs, outputTokens, truncated });
      return;
    }
    const durationMs = firstTokenMs + outputTokens * timing.perOutputTokenMs;
    const startedAt = performance.now();

    if (!(await waitUnlessClosed(response, durationMs))) {
      // The client went away: bill the input and whatever had been generated by then.
      const generatingMs = Math.max(0, performance.now() - startedAt - firstTokenMs);
      const generated = Math.min(outputTokens, Math.floor(generatingMs / timing.perOutputTokenMs));
      totals.aborted += 1;
      bill(request_.model, request_.provider, { ...request_.usage, outputTokens: generated });
      return;
    }
    totals.completed += 1;
    bill(request_.model, request_.provider, { ...request_.usage, outputTokens });
    request_.remember();
    sendJson(
      response,
      200,
      request_.tool === undefined
        ? request_.respond(answerText(request_.seed, request_.asksForVerdict, outputTokens), outputTokens, truncated)
        : request_.respondTool(request_.tool, outputTokens),
    );
  }

  /** Waits `milliseconds`; false if the connection closed first. */
  function waitUnlessClosed(response, milliseconds) {
    if (response.destroyed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onClose = () => {
        clearTimeout(timer);
        resolve(false);
      };
      const timer = setTimeout(() => {
        response.off("close", onClose);
        resolve(true);
      }, milliseconds);
      response.once("close", onClose);
    });
  }

  /** Chat Completions as server-sent events: a few tokens per event, billed as they are generated. */
  async function stream(request_, response, isClientGone, { firstTokenMs, outputTokens, truncated }) {
    const id = `chatcmpl-${randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    const text = answerText(request_.seed, request_.asksForVerdict, outputTokens);
    const chunk = (delta, finishReason, extra = {}) =>
      `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model: request_.model, choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }], ...extra })}\n\n`;
    let generated = 0;
    if (await waitUnlessClosed(response, firstTokenMs)) {
      response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
      response.write(chunk({ role: "assistant", content: "" }, null));
      while (generated < outputTokens && !isClientGone()) {
        const tokens = Math.min(TOKENS_PER_EVENT, outputTokens - generated);
        if (!(await waitUnlessClosed(response, tokens * timing.streamTokenMs))) break;
        const from = generated * CHARACTERS_PER_TOKEN;
        generated += tokens;
        response.write(chunk({ content: text.slice(from, generated * CHARACTERS_PER_TOKEN) }, null));
      }
    }
    if (isClientGone() || response.destroyed) {
      totals.aborted += 1;
      bill(request_.model, request_.provider, { ...request_.usage, outputTokens: generated });
      return;
    }
    response.write(chunk({}, truncated ? "length" : "stop"));
    if (request_.stream.includeUsage) {
      const { promptTokens, cachedTokens } = request_.stream;
      const usage = { prompt_tokens: promptTokens, completion_tokens: generated, total_tokens: promptTokens + generated, prompt_tokens_details: { cached_tokens: cachedTokens } };
      response.write(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model: request_.model, choices: [], usage })}\n\n`);
    }
    response.end("data: [DONE]\n\n");
    totals.completed += 1;
    bill(request_.model, request_.provider, { ...request_.usage, outputTokens: generated });
    request_.remember();
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error) => {
      if (!response.headersSent) sendJson(response, 500, { error: { message: String(error) } });
    });
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const address = server.address();
  const url = `http://127.0.0.1:${address.port}`;

  return {
    url,
    port: address.port,
    /** A copy of the running totals. */
    totals: () => ({ ...totals }),
    /** Starts a new set of books; caches are cleared too, so every program starts cold. */
    reset() {
      totals = emptyTotals();
      openAiPrefixes.clear();
      anthropicCache.clear();
    },
    /** Resolves once no request is in flight (aborted ones included). */
    idle() {
      if (inFlight === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.add(resolve));
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

// `node scripts/demo/server.mjs` runs it alone, to try the examples by hand.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const server = await startFakeProviderServer({ port: Number(process.env.PORT ?? 0) });
  process.stdout.write(
    `fake providers listening on ${server.url}\n` +
      `  export OPENAI_BASE_URL=${server.url}/v1 ANTHROPIC_BASE_URL=${server.url} OPENAI_API_KEY=demo ANTHROPIC_API_KEY=demo\n` +
      "Ctrl-C prints the bill and stops.\n",
  );
  process.once("SIGINT", async () => {
    process.stdout.write(`\n${JSON.stringify(server.totals(), null, 2)}\n`);
    await server.close();
  });
}
