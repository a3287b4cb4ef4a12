/**
 * Dollars from the price table: which row prices a model id, and the arithmetic every message and the report
 * share. Pure functions of numbers; nothing here reads code, and no price is guessed: an id no row names has no
 * price, and whatever depends on it is left out.
 */
import { priceTable, type PriceRow } from "./prices.js";

/** A row of the table or of the user's `settings["llm-cost"].prices`, as the arithmetic uses it. */
export type ModelPrice = Pick<PriceRow, "input" | "output" | "cacheWrite" | "cacheRead" | "maxOutputTokens" | "cacheMinTokens"> & {
  /** The family (table rows) or the id (settings rows), for messages. */
  readonly family: string;
  readonly source: string;
  /** Undefined for a user's row: its date is the user's config. */
  readonly checked: string | undefined;
};

/** User rows: ids as written in settings, already validated. */
export type PriceOverrides = ReadonlyMap<string, ModelPrice>;

/**
 * The id as a price row spells it: lower case; no gateway prefix (`openai/gpt-4o`, `models/gemini-2.5-pro`), no
 * Bedrock region and vendor (`us.anthropic.`), version (`-v1:0`) or Vertex date (`@20250929`), no dated snapshot
 * (`-20250929`, `-2024-08-06`) or `-latest`, and a dot between digits spelled as a dash (`claude-sonnet-4.5` is
 * `claude-sonnet-4-5`).
 */
export function normalizeModelId(id: string): string {
  let normalized = id.trim().toLowerCase();
  normalized = normalized.slice(normalized.lastIndexOf("/") + 1);
  normalized = normalized.replace(/@.*$/u, "");
  normalized = normalized.replace(/^(?:[a-z]{2,6}\.)?(?:anthropic|openai|google|amazon|meta)\./u, "");
  normalized = normalized.replace(/-v\d+(?::\d+)?$/u, "");
  normalized = normalized.replace(/-(?:\d{8}|\d{4}-\d{2}-\d{2})$/u, "");
  normalized = normalized.replace(/-latest$/u, "");
  return normalized.replace(/(\d)\.(?=\d)/gu, "$1-");
}

function fromRow(row: PriceRow): ModelPrice {
  const { family, input, output, cacheWrite, cacheRead, maxOutputTokens, cacheMinTokens, source, checked } = row;
  return { family, input, output, cacheWrite, cacheRead, maxOutputTokens, cacheMinTokens, source, checked };
}

const tableIndex: ReadonlyMap<string, ModelPrice> = new Map(
  priceTable.rows.flatMap((row) => {
    const price = fromRow(row);
    return row.models.map((model) => [normalizeModelId(model), price] as const);
  }),
);

/** The price of `modelId`: the user's row first, then the table's; `undefined` when neither names it. */
export function priceOf(modelId: string | undefined, overrides: PriceOverrides | undefined): ModelPrice | undefined {
  if (modelId === undefined || modelId === "") return undefined;
  const normalized = normalizeModelId(modelId);
  return overrides?.get(normalized) ?? tableIndex.get(normalized);
}

/** The date the figures were read: the oldest row's, so a reader knows how old the oldest figure is. */
export function priceTableDate(): string {
  return priceTable.rows.map((row) => row.checked).sort()[0] ?? "unknown";
}

export const priceTableSource = priceTable.source;

/** Dollars for `tokens` at `perMillion` dollars per million tokens. */
export function usd(tokens: number, perMillion: number): number {
  return (tokens * perMillion) / 1_000_000;
}

/** The most one uncapped response can bill: the model's maximum output at its output price. */
export function worstCaseOutputUsd(price: ModelPrice): number | undefined {
  return price.maxOutputTokens === null ? undefined : usd(price.maxOutputTokens, price.output);
}

/** What one request bills: its prompt (the cached part at the cache-hit price) and its output. */
export interface RequestCost {
  readonly usd: number;
  /** Prompt tokens at the input price. */
  readonly inputTokens: number;
  /** Prompt tokens a cache serves, at the cache-hit price (0 where the model's caching is not priced). */
  readonly cachedInputTokens: number;
  readonly outputTokens: number;
}

/**
 * The bill of one request of `inputTokens` prompt tokens, `cachedInputTokens` of them served by a cache, and
 * `outputTokens` of output: the one formula the report's cost per call and the findings' dollars share.
 */
export function requestCost(
  price: Pick<ModelPrice, "input" | "output" | "cacheRead">,
  inputTokens: number,
  cachedInputTokens: number,
  outputTokens: number,
): RequestCost {
  const cached = price.cacheRead === null ? 0 : Math.min(cachedInputTokens, inputTokens);
  const uncached = inputTokens - cached;
  return {
    usd: usd(uncached, price.input) + usd(cached, price.cacheRead ?? 0) + usd(outputTokens, price.output),
    inputTokens: uncached,
    cachedInputTokens: cached,
    outputTokens,
  };
}

/** What caching a prompt prefix of `tokens` tokens changes, over `calls` requests that all hit one cache entry. */
export interface CachingEconomics {
  readonly calls: number;
  /** Every call pays the full input price for the prefix. */
  readonly uncachedUsd: number;
  /** The first call writes the prefix (at the write price), the others read it. */
  readonly cachedUsd: number;
  /** Saved on each call that reads the cache instead of paying full price. */
  readonly savingPerHitUsd: number;
  /**
   * From how many calls within one cache lifetime caching costs less than not caching (the write surcharge
   * paid back by the hits); 1 where the write costs no more than the input.
   */
  readonly breakEvenCalls: number;
}

/** `undefined` when the model's caching is not priced. */
export function cachingEconomics(price: ModelPrice, tokens: number, calls = 1000): CachingEconomics | undefined {
  const { input, cacheWrite, cacheRead } = price;
  if (cacheWrite === null || cacheRead === null || cacheRead >= input) return undefined;
  const uncachedUsd = calls * usd(tokens, input);
  const cachedUsd = usd(tokens, cacheWrite) + (calls - 1) * usd(tokens, cacheRead);
  // n calls cost write + (n − 1)·read cached and n·input uncached: caching is cheaper once n > (write − read)/(input − read).
  const threshold = (cacheWrite - cacheRead) / (input - cacheRead);
  const breakEvenCalls = cacheWrite <= input ? 1 : Math.floor(threshold) + 1;
  return { calls, uncachedUsd, cachedUsd, savingPerHitUsd: usd(tokens, input - cacheRead), breakEvenCalls };
}

/** `$0.96`, `$1,234.50`, `$0.0019`: cents for a dollar or more, two significant digits below. */
export function formatUsd(amount: number): string {
  if (amount === 0) return "$0";
  const sign = amount < 0 ? "-" : "";
  const magnitude = Math.abs(amount);
  if (magnitude < 0.0001) return `${sign}<$0.0001`;
  if (magnitude >= 1) {
    return `${sign}$${magnitude.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  }
  return `${sign}$${Number(magnitude.toPrecision(2)).toString()}`;
}

/** `64,000` */
export function formatCount(count: number): string {
  return count.toLocaleString("en-US");
}

/** `$15/M` */
export function formatPerMillion(perMillion: number): string {
  return `$${perMillion}/M`;
}

/** Prices given the way the table gives them: one row per model id, already validated. */
export function priceOverrides(rows: Readonly<Record<string, Omit<ModelPrice, "family" | "source" | "checked">>>): PriceOverrides {
  return new Map(
    Object.entries(rows).map(([model, row]) => [
      normalizeModelId(model),
      { ...row, family: model, source: 'settings["llm-cost"].prices', checked: undefined },
    ]),
  );
}
