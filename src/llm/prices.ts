/**
 * The price table: data, not code. US dollars per million tokens for each model family, with the model's
 * maximum output and the shortest prompt its cache takes, and where each row was read and when.
 *
 * Editing it: change the numbers and the row's `checked` date together; `llm-cost report` prints the table's
 * `date` (the oldest `checked`) so a reader knows how old the figures are. Nothing else in the plugin hard-codes a
 * price. Users override or add rows in `settings["llm-cost"].prices` (see `src/llm/settings.ts`).
 *
 * Conventions:
 * - `models` are ids as the provider spells them, without date suffixes: `src/llm/cost.ts` normalises the id a
 *   call sends (Bedrock `us.anthropic.…-v1:0`, Vertex `…@20250929`, gateway `openai/…`, dated snapshots,
 *   `-latest`, dots in version numbers) before looking it up, so one row serves every spelling.
 * - `cacheWrite` is what a token costs the first time it is cached: 1.25 × input for Anthropic's 5-minute cache
 *   (Bedrock prices Claude the same); the input price itself where caching is automatic (OpenAI, Gemini
 *   implicit caching), which has no write surcharge. `cacheRead` is a cache hit. `null`: no prompt caching.
 * - `maxOutputTokens` is the most one response can bill: what an uncapped request may cost. `null` where the
 *   source does not state it (no worst case is printed then, rather than a guess).
 * - `cacheMinTokens`: prompts shorter than this are not cached (`null` where not stated). For Claude these are also
 *   the minimums `require-prompt-caching` checks (`minimumCacheableTokens` in `prompt-caching.ts` reads them from
 *   here; Anthropic's prompt-caching guide, "Cache limitations", states them).
 * - Long-context surcharges (prompts over 200K tokens) and batch discounts are left out: the linter sees prompts
 *   far below that, and a batch call is priced as a regular one (the report says an upper bound).
 */

export interface PriceRow {
  /** Human name of the family, for the report's price listing. */
  readonly family: string;
  readonly provider: "anthropic" | "openai" | "google";
  /** Model ids in this family, as the provider spells them (normalised before matching). */
  readonly models: readonly string[];
  readonly input: number;
  readonly output: number;
  readonly cacheWrite: number | null;
  readonly cacheRead: number | null;
  readonly maxOutputTokens: number | null;
  readonly cacheMinTokens: number | null;
  /** The page the figures were read from. */
  readonly source: string;
  /** ISO date the row was last checked against its source. */
  readonly checked: string;
}

export interface PriceTable {
  readonly source: string;
  readonly rows: readonly PriceRow[];
}

const ANTHROPIC = "https://platform.claude.com/docs/en/about-claude/pricing";
const ANTHROPIC_MODELS = "https://platform.claude.com/docs/en/about-claude/models/overview";
const OPENAI = "https://developers.openai.com/api/docs/pricing";
const GOOGLE = "https://ai.google.dev/gemini-api/docs/pricing";
/**
 * Read from the stored copies of the pages above that this repository's tooling could reach on this date (and,
 * for maximum outputs, the providers' model pages); the live pages may have moved since.
 */
const CHECKED = "2026-12-02";

export const priceTable: PriceTable = {
  source: "Anthropic, OpenAI and Google price pages (each row names its page)",
  rows: [
    // Anthropic: cache write is the 5-minute TTL price (1.25 × input), a hit 0.1 × input.
    { family: "Claude Fable 5.1 / Mythos 5.1", provider: "anthropic", models: ["claude-fable-5-1", "claude-mythos-5-1"], input: 10, output: 50, cacheWrite: 12.5, cacheRead: 0.25, maxOutputTokens: null, cacheMinTokens: null, source: ANTHROPIC, checked: CHECKED },
    { family: "Claude Fable 5 / Mythos 5", provider: "anthropic", models: ["claude-fable-5", "claude-mythos-5"], input: 10, output: 50, cacheWrite: 12.5, cacheRead: 1, maxOutputTokens: null, cacheMinTokens: null, source: ANTHROPIC, checked: CHECKED },
    { family: "Claude Opus 5, 4.8, 4.7", provider: "anthropic", models: ["claude-opus-5", "claude-opus-4-8", "claude-opus-4-7"], input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5, maxOutputTokens: null, cacheMinTokens: null, source: ANTHROPIC, checked: CHECKED },
    { family: "Claude Opus 4.6", provider: "anthropic", models: ["claude-opus-4-6"], input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5, maxOutputTokens: 128_000, cacheMinTokens: 4096, source: ANTHROPIC, checked: CHECKED },
    { family: "Claude Opus 4.5", provider: "anthropic", models: ["claude-opus-4-5"], input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5, maxOutputTokens: 64_000, cacheMinTokens: 4096, source: ANTHROPIC, checked: CHECKED },
    { family: "Claude Opus 4.1 / 4", provider: "anthropic", models: ["claude-opus-4-1", "claude-opus-4", "claude-opus-4-0"], input: 15, output: 75, cacheWrite: 18.75, cacheRead: 1.5, maxOutputTokens: 32_000, cacheMinTokens: 1024, source: ANTHROPIC, checked: CHECKED },
    { family: "Claude Sonnet 5", provider: "anthropic", models: ["claude-sonnet-5"], input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.2, maxOutputTokens: null, cacheMinTokens: null, source: ANTHROPIC_MODELS, checked: CHECKED },
    { family: "Claude Sonnet 4.6", provider: "anthropic", models: ["claude-sonnet-4-6"], input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3, maxOutputTokens: 64_000, cacheMinTokens: 2048, source: ANTHROPIC, checked: CHECKED },
    { family: "Claude Sonnet 4.5 / 4", provider: "anthropic", models: ["claude-sonnet-4-5", "claude-sonnet-4", "claude-sonnet-4-0"], input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3, maxOutputTokens: 64_000, cacheMinTokens: 1024, source: ANTHROPIC, checked: CHECKED },
    { family: "Claude Sonnet 3.7", provider: "anthropic", models: ["claude-3-7-sonnet", "claude-sonnet-3-7"], input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3, maxOutputTokens: 64_000, cacheMinTokens: 1024, source: ANTHROPIC, checked: CHECKED },
    { family: "Claude Sonnet 3.5", provider: "anthropic", models: ["claude-3-5-sonnet", "claude-sonnet-3-5"], input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3, maxOutputTokens: 8192, cacheMinTokens: 1024, source: ANTHROPIC, checked: CHECKED },
    { family: "Claude Haiku 4.5", provider: "anthropic", models: ["claude-haiku-4-5"], input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1, maxOutputTokens: 64_000, cacheMinTokens: 4096, source: ANTHROPIC, checked: CHECKED },
    { family: "Claude Haiku 3.5", provider: "anthropic", models: ["claude-3-5-haiku", "claude-haiku-3-5"], input: 0.8, output: 4, cacheWrite: 1, cacheRead: 0.08, maxOutputTokens: 8192, cacheMinTokens: 2048, source: ANTHROPIC, checked: CHECKED },
    { family: "Claude Haiku 3", provider: "anthropic", models: ["claude-3-haiku", "claude-haiku-3"], input: 0.25, output: 1.25, cacheWrite: 0.3, cacheRead: 0.03, maxOutputTokens: 4096, cacheMinTokens: 2048, source: ANTHROPIC, checked: CHECKED },
    // OpenAI: caching is automatic from 1,024 tokens; no write surcharge.
    { family: "GPT-5.5", provider: "openai", models: ["gpt-5.5"], input: 5, output: 30, cacheWrite: 5, cacheRead: 0.5, maxOutputTokens: null, cacheMinTokens: 1024, source: OPENAI, checked: CHECKED },
    { family: "GPT-5.4", provider: "openai", models: ["gpt-5.4"], input: 2.5, output: 15, cacheWrite: 2.5, cacheRead: 0.25, maxOutputTokens: 128_000, cacheMinTokens: 1024, source: OPENAI, checked: CHECKED },
    { family: "GPT-5.4 mini", provider: "openai", models: ["gpt-5.4-mini"], input: 0.75, output: 4.5, cacheWrite: 0.75, cacheRead: 0.075, maxOutputTokens: null, cacheMinTokens: 1024, source: OPENAI, checked: CHECKED },
    { family: "GPT-5.4 nano", provider: "openai", models: ["gpt-5.4-nano"], input: 0.2, output: 1.25, cacheWrite: 0.2, cacheRead: 0.02, maxOutputTokens: null, cacheMinTokens: 1024, source: OPENAI, checked: CHECKED },
    { family: "GPT-5.2", provider: "openai", models: ["gpt-5.2"], input: 1.75, output: 14, cacheWrite: 1.75, cacheRead: 0.175, maxOutputTokens: null, cacheMinTokens: 1024, source: OPENAI, checked: CHECKED },
    { family: "GPT-5 / 5.1", provider: "openai", models: ["gpt-5", "gpt-5.1", "gpt-5-chat-latest"], input: 1.25, output: 10, cacheWrite: 1.25, cacheRead: 0.125, maxOutputTokens: 128_000, cacheMinTokens: 1024, source: OPENAI, checked: CHECKED },
    { family: "GPT-5 mini", provider: "openai", models: ["gpt-5-mini"], input: 0.25, output: 2, cacheWrite: 0.25, cacheRead: 0.025, maxOutputTokens: 128_000, cacheMinTokens: 1024, source: OPENAI, checked: CHECKED },
    { family: "GPT-5 nano", provider: "openai", models: ["gpt-5-nano"], input: 0.05, output: 0.4, cacheWrite: 0.05, cacheRead: 0.005, maxOutputTokens: 128_000, cacheMinTokens: 1024, source: OPENAI, checked: CHECKED },
    { family: "GPT-4.1", provider: "openai", models: ["gpt-4.1"], input: 2, output: 8, cacheWrite: 2, cacheRead: 0.5, maxOutputTokens: 32_768, cacheMinTokens: 1024, source: OPENAI, checked: CHECKED },
    { family: "GPT-4.1 mini", provider: "openai", models: ["gpt-4.1-mini"], input: 0.4, output: 1.6, cacheWrite: 0.4, cacheRead: 0.1, maxOutputTokens: 32_768, cacheMinTokens: 1024, source: OPENAI, checked: CHECKED },
    { family: "GPT-4.1 nano", provider: "openai", models: ["gpt-4.1-nano"], input: 0.1, output: 0.4, cacheWrite: 0.1, cacheRead: 0.025, maxOutputTokens: 32_768, cacheMinTokens: 1024, source: OPENAI, checked: CHECKED },
    { family: "GPT-4o", provider: "openai", models: ["gpt-4o", "chatgpt-4o-latest"], input: 2.5, output: 10, cacheWrite: 2.5, cacheRead: 1.25, maxOutputTokens: 16_384, cacheMinTokens: 1024, source: OPENAI, checked: CHECKED },
    { family: "GPT-4o mini", provider: "openai", models: ["gpt-4o-mini"], input: 0.15, output: 0.6, cacheWrite: 0.15, cacheRead: 0.075, maxOutputTokens: 16_384, cacheMinTokens: 1024, source: OPENAI, checked: CHECKED },
    { family: "o3", provider: "openai", models: ["o3"], input: 2, output: 8, cacheWrite: 2, cacheRead: 0.5, maxOutputTokens: 100_000, cacheMinTokens: 1024, source: OPENAI, checked: CHECKED },
    { family: "o4-mini", provider: "openai", models: ["o4-mini"], input: 1.1, output: 4.4, cacheWrite: 1.1, cacheRead: 0.275, maxOutputTokens: 100_000, cacheMinTokens: 1024, source: OPENAI, checked: CHECKED },
    // Google Gemini Developer API, prompts up to 200K tokens; implicit caching (no write surcharge).
    { family: "Gemini 2.5 Pro", provider: "google", models: ["gemini-2.5-pro"], input: 1.25, output: 10, cacheWrite: 1.25, cacheRead: 0.125, maxOutputTokens: 65_536, cacheMinTokens: null, source: GOOGLE, checked: CHECKED },
    { family: "Gemini 2.5 Flash", provider: "google", models: ["gemini-2.5-flash"], input: 0.3, output: 2.5, cacheWrite: 0.3, cacheRead: 0.03, maxOutputTokens: 65_536, cacheMinTokens: null, source: GOOGLE, checked: CHECKED },
    { family: "Gemini 2.5 Flash-Lite", provider: "google", models: ["gemini-2.5-flash-lite"], input: 0.1, output: 0.4, cacheWrite: 0.1, cacheRead: 0.01, maxOutputTokens: 65_536, cacheMinTokens: null, source: GOOGLE, checked: CHECKED },
  ],
};
