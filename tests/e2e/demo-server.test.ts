import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

// @ts-expect-error -- plain ESM script without type declarations
import { startFakeProviderServer } from "../../scripts/demo/server.mjs";

interface Totals {
  requests: number;
  completed: number;
  aborted: number;
  rejected: number;
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  costUsd: number;
}

interface FakeServer {
  url: string;
  totals(): Totals;
  reset(): void;
  idle(): Promise<void>;
  close(): Promise<void>;
}

let server: FakeServer;
let openai: OpenAI;
let anthropic: Anthropic;
const LONG_PROMPT = "Follow the support policy in every answer. ".repeat(1000); // about 11,000 tokens

beforeAll(async () => {
  server = (await startFakeProviderServer()) as FakeServer;
  openai = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: "test", maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: server.url, apiKey: "test", maxRetries: 0 });
});
beforeEach(() => server.reset());
afterAll(() => server.close());

describe("the demo's fake provider", () => {
  it("answers the OpenAI SDK and truncates at the output cap", async () => {
    const completion = await openai.chat.completions.create({ model: "gpt-5-mini", max_completion_tokens: 5, messages: [{ role: "user", content: "hello" }] });
    expect(completion.usage?.completion_tokens).toBe(5);
    expect(completion.choices[0]?.finish_reason).toBe("length");
    const response = await openai.responses.create({ model: "gpt-5-mini", max_output_tokens: 7, instructions: "Summarise", input: "text" });
    expect(response.usage?.output_tokens).toBe(7);
    expect(response.output_text.length).toBeGreaterThan(0);
    expect(server.totals()).toMatchObject({ requests: 2, completed: 2, outputTokens: 12 });
  });

  it("caches identical OpenAI prefixes of 1,024 tokens or more automatically", async () => {
    const ask = (question: string) =>
      openai.chat.completions.create({ model: "gpt-5-mini", max_completion_tokens: 10, messages: [{ role: "system", content: LONG_PROMPT }, { role: "user", content: question }] });
    expect((await ask("first")).usage?.prompt_tokens_details?.cached_tokens).toBe(0);
    const second = await ask("second");
    expect(second.usage?.prompt_tokens_details?.cached_tokens).toBeGreaterThanOrEqual(1024);
    expect((second.usage?.prompt_tokens_details?.cached_tokens ?? 0) % 128).toBe(0);
  });

  it("caches Anthropic prompts only up to a cache_control breakpoint: one write, then reads", async () => {
    const ask = (cached: boolean) =>
      anthropic.messages.create({
        model: "claude-sonnet-5",
        max_tokens: 10,
        system: [{ type: "text", text: LONG_PROMPT, ...(cached ? { cache_control: { type: "ephemeral" as const } } : {}) }],
        messages: [{ role: "user", content: "question" }],
      });
    const uncached = await ask(false);
    expect(uncached.usage.cache_creation_input_tokens).toBe(0);
    expect((await ask(false)).usage.cache_read_input_tokens).toBe(0);
    const write = await ask(true);
    expect(write.usage.cache_creation_input_tokens).toBeGreaterThan(2048);
    const read = await ask(true);
    expect(read.usage.cache_read_input_tokens).toBe(write.usage.cache_creation_input_tokens);
    expect(read.usage.input_tokens).toBeLessThan(uncached.usage.input_tokens / 100);
  });

  it("rejects an Anthropic request without max_tokens like the real API", async () => {
    await expect(
      // eslint-disable-next-line llm-cost/require-max-tokens -- the missing cap is what is tested
      anthropic.messages.create({ model: "claude-sonnet-5", messages: [{ role: "user", content: "hi" }] } as unknown as Anthropic.MessageCreateParamsNonStreaming),
    ).rejects.toMatchObject({ status: 400 });
    expect(server.totals()).toMatchObject({ requests: 1, rejected: 1, costUsd: 0 });
  });

  it("bills an aborted request for its input and only the output generated before the abort", async () => {
    // A slow model, so that the abort surely lands while the request is being "generated".
    const slow = (await startFakeProviderServer({ timing: { firstTokenMs: 200, perInputTokenMs: 0, perOutputTokenMs: 1_000 } })) as FakeServer;
    try {
      const client = new OpenAI({ baseURL: `${slow.url}/v1`, apiKey: "test", maxRetries: 0 });
      const controller = new AbortController();
      // eslint-disable-next-line llm-cost/require-max-tokens -- uncapped, so the answer outlasts the abort
      const pending = client.chat.completions.create({ model: "gpt-5-mini", messages: [{ role: "user", content: "a question worth a long answer" }] }, { signal: controller.signal });
      while (slow.totals().requests === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      // Past the first token, far from the end of an answer of 120 tokens or more at one second each.
      await new Promise((resolve) => setTimeout(resolve, 600));
      controller.abort();
      await expect(pending).rejects.toThrow();
      await slow.idle();

      const totals = slow.totals();
      // The whole prompt is billed: "user: <text>\n" at four characters a token.
      const promptTokens = Math.ceil("user: a question worth a long answer\n".length / 4);
      expect(totals).toMatchObject({ requests: 1, aborted: 1, completed: 0, inputTokens: promptTokens });
      expect(totals.outputTokens).toBeLessThan(10);
      expect(totals.costUsd).toBeGreaterThan(0);
    } finally {
      await slow.close();
    }
  });
});
