import { describe, expect, it } from "vitest";

import {
  cachingEconomics,
  formatUsd,
  normalizeModelId,
  priceOf,
  priceTableDate,
  requestCost,
  usd,
  worstCaseOutputUsd,
} from "../../src/llm/cost.js";
import { priceTable } from "../../src/llm/prices.js";
import { minimumCacheableTokens } from "../../src/llm/prompt-caching.js";
import { readSettings } from "../../src/llm/settings.js";

describe("the price table", () => {
  it("gives every row a source page and an ISO date it was checked", () => {
    for (const row of priceTable.rows) {
      expect(row.source, row.family).toMatch(/^https:\/\/\S+$/u);
      expect(row.checked, row.family).toMatch(/^\d{4}-\d{2}-\d{2}$/u);
      expect(Number.isNaN(Date.parse(row.checked)), row.family).toBe(false);
    }
  });

  it("has sane numbers: output dearer than input, a cache hit cheaper than input, the write surcharge at most 2×", () => {
    for (const row of priceTable.rows) {
      expect(row.output, row.family).toBeGreaterThan(row.input);
      if (row.cacheRead !== null) expect(row.cacheRead, row.family).toBeLessThan(row.input);
      if (row.cacheWrite !== null) {
        expect(row.cacheWrite, row.family).toBeGreaterThanOrEqual(row.input);
        expect(row.cacheWrite, row.family).toBeLessThanOrEqual(row.input * 2);
      }
    }
  });

  it("names each model id in one row only", () => {
    const ids = priceTable.rows.flatMap((row) => row.models.map(normalizeModelId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("prices Claude 5-minute cache writes at 1.25× and hits at 0.1× of input, as Anthropic's page says (to its rounding)", () => {
    const near = (actual: number | null, expected: number): boolean => actual !== null && Math.abs(actual - expected) <= Math.max(expected * 0.05, 0.005); // the page rounds to cents
    for (const row of priceTable.rows.filter((candidate) => candidate.provider === "anthropic")) {
      expect(near(row.cacheWrite, row.input * 1.25), row.family).toBe(true);
      // Fable 5.1 / Mythos 5.1 hits are 0.025× input on the page.
      if (!row.family.includes("5.1")) expect(near(row.cacheRead, row.input * 0.1), row.family).toBe(true);
    }
  });

  it("is where require-prompt-caching reads Claude's minimum cacheable lengths, in every spelling of the id", () => {
    // Anthropic's guide: 4,096 for Opus 4.5/4.6 and Haiku 4.5, 2,048 for Sonnet 4.6 and Haiku 3/3.5, 1,024 for the rest.
    expect(minimumCacheableTokens("anthropic", "claude-opus-4-6")).toBe(4096);
    expect(minimumCacheableTokens("anthropic", "claude-haiku-4-5-20251001")).toBe(4096);
    expect(minimumCacheableTokens("anthropic", "claude-sonnet-4-6")).toBe(2048);
    expect(minimumCacheableTokens("anthropic", "claude-3-5-haiku-latest")).toBe(2048);
    expect(minimumCacheableTokens("anthropic", "claude-sonnet-4-5@20250929")).toBe(1024);
    expect(minimumCacheableTokens("bedrock", "us.anthropic.claude-haiku-4-5-20251001-v1:0")).toBe(4096);
    expect(minimumCacheableTokens("bedrock", "anthropic.claude-3-7-sonnet-20250219-v1:0")).toBe(1024);
    // A Claude id with no row, or a row that states no minimum: the lowest minimum, on Anthropic's API only.
    expect(minimumCacheableTokens("anthropic", "claude-2-1")).toBe(1024);
    expect(minimumCacheableTokens("anthropic", "claude-opus-5")).toBe(1024);
    expect(minimumCacheableTokens("anthropic", undefined)).toBe(1024);
    expect(minimumCacheableTokens("bedrock", "anthropic.claude-v2:1")).toBeUndefined();
    expect(minimumCacheableTokens("bedrock", "amazon.nova-pro-v1:0")).toBe(1024);
    expect(minimumCacheableTokens("bedrock", "meta.llama3-70b-instruct-v1:0")).toBeUndefined();
    for (const row of priceTable.rows.filter((candidate) => candidate.provider === "anthropic" && candidate.cacheMinTokens !== null)) {
      for (const model of row.models) expect(minimumCacheableTokens("anthropic", model), model).toBe(row.cacheMinTokens);
    }
  });

  it("is dated by its oldest row", () => {
    const oldest = priceTable.rows.map((row) => row.checked).sort()[0];
    expect(priceTableDate()).toBe(oldest);
  });
});

describe("which row prices a model id", () => {
  it.each([
    ["claude-sonnet-4-5", "Claude Sonnet 4.5 / 4"],
    ["claude-sonnet-4-5-20250929", "Claude Sonnet 4.5 / 4"],
    ["anthropic/claude-sonnet-4.5", "Claude Sonnet 4.5 / 4"],
    ["us.anthropic.claude-sonnet-4-5-20250929-v1:0", "Claude Sonnet 4.5 / 4"],
    ["global.anthropic.claude-haiku-4-5-20251001-v1:0", "Claude Haiku 4.5"],
    ["claude-sonnet-4-5@20250929", "Claude Sonnet 4.5 / 4"],
    ["claude-3-5-haiku-latest", "Claude Haiku 3.5"],
    ["gpt-4o-2024-08-06", "GPT-4o"],
    ["gpt-4o-mini", "GPT-4o mini"],
    ["openai/gpt-4.1-mini", "GPT-4.1 mini"],
    ["gpt-5-mini", "GPT-5 mini"],
    ["models/gemini-2.5-flash", "Gemini 2.5 Flash"],
  ])("%s → %s", (id, family) => {
    expect(priceOf(id, undefined)?.family).toBe(family);
  });

  it("never guesses: unknown ids, look-alikes and empty ids have no price", () => {
    for (const id of ["llama-3.3-70b-versatile", "gpt-4o-audio-preview", "my-model", "claude", "", "o3-mini", "gpt-5-turbo"]) {
      expect(priceOf(id, undefined), id).toBeUndefined();
    }
    expect(priceOf(undefined, undefined)).toBeUndefined();
  });

  it("takes the user's row before the table's, and adds models the table lacks", () => {
    const { prices } = readSettings({ "llm-cost": { prices: { "gpt-4o": { input: 1, output: 2 }, "acme-70b": { input: 0.5, output: 1.5, maxOutputTokens: 4096 } } } });
    expect(priceOf("gpt-4o-2024-08-06", prices)).toMatchObject({ input: 1, output: 2, cacheRead: null, maxOutputTokens: null, family: "gpt-4o" });
    expect(priceOf("acme-70b", prices)).toMatchObject({ input: 0.5, output: 1.5, maxOutputTokens: 4096 });
    expect(priceOf("gpt-4o-mini", prices)?.family).toBe("GPT-4o mini");
  });
});

describe("the arithmetic, against hand-computed values", () => {
  const sonnet = priceOf("claude-sonnet-4-5", undefined)!;
  const gpt4o = priceOf("gpt-4o", undefined)!;

  it("prices tokens per million", () => {
    expect(usd(1_000_000, 3)).toBe(3);
    expect(usd(3350, 3)).toBeCloseTo(0.01005, 10);
  });

  it("prices one request: uncached prompt at the input price, cached at the hit price, output at the output price", () => {
    // 3,350 prompt tokens, 2,000 of them cached, 600 output on Claude Sonnet 4.5:
    // 1,350 × $3/M + 2,000 × $0.30/M + 600 × $15/M = $0.00405 + $0.0006 + $0.009 = $0.01365.
    const cached = requestCost(sonnet, 3350, 2000, 600);
    expect(cached).toMatchObject({ inputTokens: 1350, cachedInputTokens: 2000, outputTokens: 600 });
    expect(cached.usd).toBeCloseTo(0.013_65, 10);
    // gpt-4o uncapped: 19 × $2.50/M + 16,384 × $10/M = $0.1638875.
    expect(requestCost(gpt4o, 19, 0, 16_384).usd).toBeCloseTo(0.163_887_5, 10);
    // No cache-hit price: every prompt token at the input price.
    expect(requestCost({ input: 1, output: 2, cacheRead: null }, 1000, 500, 0)).toMatchObject({ usd: 0.001, inputTokens: 1000, cachedInputTokens: 0 });
  });

  it("puts the worst case of an uncapped Claude Sonnet 4.5 call at 64,000 × $15/M = $0.96", () => {
    expect(worstCaseOutputUsd(sonnet)).toBeCloseTo(0.96, 10);
    expect(worstCaseOutputUsd(gpt4o)).toBeCloseTo(0.16384, 10);
    expect(worstCaseOutputUsd(priceOf("claude-sonnet-5", undefined)!)).toBeUndefined();
  });

  it("prices 2,000 prompt tokens on Sonnet over 1,000 calls: $6 uncached, $0.6069 cached; a second call in 5 minutes pays", () => {
    // uncached: 1000 × 2000 × 3/1e6 = 6; cached: 2000 × 3.75/1e6 + 999 × 2000 × 0.3/1e6 = 0.0075 + 0.5994 = 0.6069
    const economics = cachingEconomics(sonnet, 2000)!;
    expect(economics.uncachedUsd).toBeCloseTo(6, 10);
    expect(economics.cachedUsd).toBeCloseTo(0.6069, 10);
    expect(economics.savingPerHitUsd).toBeCloseTo(0.0054, 10);
    // (3.75 − 0.3) / (3 − 0.3) = 1.28: two calls.
    expect(economics.breakEvenCalls).toBe(2);
  });

  it("has no write surcharge where caching is automatic: one call breaks even", () => {
    const economics = cachingEconomics(gpt4o, 1024)!;
    expect(economics.breakEvenCalls).toBe(1);
    // 1024 × 2.5/1e6 + 999 × 1024 × 1.25/1e6
    expect(economics.cachedUsd).toBeCloseTo(0.00256 + 1.27872, 10);
  });

  it("has nothing to say about caching a model whose cache is not priced", () => {
    const { prices } = readSettings({ "llm-cost": { prices: { plain: { input: 1, output: 2 } } } });
    expect(cachingEconomics(priceOf("plain", prices)!, 5000)).toBeUndefined();
  });

  it("formats dollars: cents from a dollar, two significant digits below", () => {
    expect(formatUsd(0.96)).toBe("$0.96");
    expect(formatUsd(0.01005)).toBe("$0.01");
    expect(formatUsd(0.0019)).toBe("$0.0019");
    expect(formatUsd(1234.5)).toBe("$1,234.50");
    expect(formatUsd(-2.5)).toBe("-$2.50");
    expect(formatUsd(0)).toBe("$0");
    expect(formatUsd(0.000_001)).toBe("<$0.0001");
  });
});

describe('settings["llm-cost"].prices and callsPerMonth', () => {
  function error(settings: unknown): string {
    try {
      readSettings({ "llm-cost": settings });
    } catch (caught) {
      return (caught as Error).message;
    }
    return "no error";
  }

  it("accept full and minimal rows and a call volume", () => {
    const resolved = readSettings({
      "llm-cost": {
        prices: { "acme-1": { input: 1, output: 4, cacheWrite: 1.25, cacheRead: 0.1, maxOutputTokens: 8192, cacheMinTokens: 1024 } },
        callsPerMonth: 50_000,
      },
    });
    expect(resolved.callsPerMonth).toBe(50_000);
    expect(priceOf("acme-1", resolved.prices)).toMatchObject({ cacheWrite: 1.25, cacheRead: 0.1, maxOutputTokens: 8192, cacheMinTokens: 1024 });
  });

  it("reject bad rows with a message that names the model and the field", () => {
    expect(error({ prices: [] })).toBe(
      'eslint-plugin-llm-cost: settings["llm-cost"].prices must be an object from model id to prices, e.g. { "my-model": { input: 3, output: 15 } }.',
    );
    expect(error({ prices: { "acme-1": 3 } })).toBe(
      'eslint-plugin-llm-cost: settings["llm-cost"].prices["acme-1"] must be an object such as { input: 3, output: 15 } (dollars per million tokens).',
    );
    expect(error({ prices: { "acme-1": { input: 1 } } })).toBe(
      'eslint-plugin-llm-cost: settings["llm-cost"].prices["acme-1"].output is required (dollars per million tokens).',
    );
    expect(error({ prices: { "acme-1": { input: "1", output: 2 } } })).toBe(
      'eslint-plugin-llm-cost: settings["llm-cost"].prices["acme-1"].input must be a non-negative number of dollars per million tokens.',
    );
    expect(error({ prices: { "acme-1": { input: 1, output: 2, maxOutputTokens: 10.5 } } })).toBe(
      'eslint-plugin-llm-cost: settings["llm-cost"].prices["acme-1"].maxOutputTokens must be a positive integer number of tokens.',
    );
    expect(error({ prices: { "acme-1": { input: 1, output: 2, cached: 0.1 } } })).toBe(
      'eslint-plugin-llm-cost: settings["llm-cost"].prices["acme-1"] has an unknown field "cached" (known: input, output, cacheWrite, cacheRead, maxOutputTokens, cacheMinTokens).',
    );
    expect(error({ callsPerMonth: -1 })).toBe('eslint-plugin-llm-cost: settings["llm-cost"].callsPerMonth must be a non-negative number.');
    expect(error({ price: {} })).toBe(
      'eslint-plugin-llm-cost: unknown key "price" in settings["llm-cost"] (known: llmCalls, wrapperDepth, prices, callsPerMonth).',
    );
  });
});
